using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LeakyStore.Tests
{
    /// <summary>Where the sample's sources and its built program are, found from the test assembly's location.</summary>
    internal static class SampleFiles
    {
        public static string RepositoryRoot { get; } = FindRepositoryRoot();

        public static string SampleDirectory { get; } = Path.Combine(RepositoryRoot, "samples", "LeakyStore");

        /// <summary>Every C# source of the sample, as paths relative to its directory with '/' separators.</summary>
        public static IReadOnlyList<string> Sources { get; } = Directory
            .EnumerateFiles(SampleDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(SampleDirectory, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToArray();

        /// <summary>The sample program the project reference copied beside the tests.</summary>
        public static string ProgramPath { get; } = Path.Combine(AppContext.BaseDirectory, "LeakyStore.dll");

        public static string Read(string relativePath) => File.ReadAllText(Path.Combine(SampleDirectory, relativePath));

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
