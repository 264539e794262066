using System;
using System.IO;

namespace LockLeak.Tests.Meta
{
    /// <summary>Finds files of the repository from the test's output folder, so meta tests read what ships.</summary>
    internal static class RepositoryFiles
    {
        public static string Root { get; } = FindRoot();

        public static string Read(params string[] relative) => File.ReadAllText(Path.Combine(Root, Path.Combine(relative)));

        public static bool Exists(params string[] relative) => File.Exists(Path.Combine(Root, Path.Combine(relative)));

        private static string FindRoot()
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
