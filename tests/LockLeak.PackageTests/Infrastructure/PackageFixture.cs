using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>
    /// Packs LockLeak.Analyzers once per test run, with a version no cache has seen, into a local folder feed,
    /// and creates consumer projects that install it the way users do.
    /// </summary>
    public sealed class PackageFixture : IAsyncLifetime
    {
        public const string PackageId = "LockLeak.Analyzers";

        private readonly object gate = new();
        private Task<(Consumer Consumer, CommandResult Build)>? defaultBuild;

        public PackageFixture()
        {
            RepositoryRoot = FindRepositoryRoot();
            var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var nonce = Guid.NewGuid().ToString("N").Substring(0, 8);

            // Unique per run: NuGet never re-extracts an id+version it has cached, so a reused version would test an old package.
            Version = $"0.0.0-e2e.{stamp}.r{nonce}";
            Root = Path.Combine(Path.GetTempPath(), $"lockleak-e2e-{stamp}-{nonce}");
            Feed = Path.Combine(Root, "feed");
            PackagesFolder = Path.Combine(Root, "packages");
        }

        public string RepositoryRoot { get; }

        public string Version { get; }

        /// <summary>The temporary folder holding the feed, the isolated packages folder and every consumer.</summary>
        public string Root { get; }

        public string Feed { get; }

        /// <summary>The consumers' own NuGet packages folder, so the user's global cache is neither used nor touched.</summary>
        public string PackagesFolder { get; }

        public string PackagePath => Path.Combine(Feed, $"{PackageId}.{Version}.nupkg");

        /// <summary>Where NuGet extracted the package for the consumers: the analyzer folder the compiler and the IDE load from.</summary>
        public string InstalledAnalyzerFolder => Path.Combine(PackagesFolder, PackageId.ToLowerInvariant(), Version.ToLowerInvariant(), "analyzers", "dotnet", "cs");

        /// <summary>The project file `dotnet add package` produced, reused by every consumer.</summary>
        public string ConsumerProjectXml { get; private set; } = "";

        public CommandResult PackResult { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Directory.CreateDirectory(Feed);

            // Nothing above the temporary folder (a Directory.Build.props, an .editorconfig) may shape the consumers.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
            File.WriteAllText(Path.Combine(Root, ".editorconfig"), "root = true\n");

            PackResult = await PackAsync(Feed, new Dictionary<string, string>()).ConfigureAwait(false);
            if (!File.Exists(PackagePath))
            {
                throw new InvalidOperationException($"dotnet pack did not produce {PackagePath}.\n{PackResult}");
            }

            var upstream = await UpstreamSourcesAsync().ConfigureAwait(false);
            File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig(upstream));

            // Install the package the way users do; the project file it leaves is the template of every consumer.
            var template = Path.Combine(Root, "template");
            Directory.CreateDirectory(template);
            var templateProject = Path.Combine(template, "Consumer.csproj");
            File.WriteAllText(templateProject, """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <!-- The test is about this package, not about the vulnerability feed. -->
                    <NuGetAudit>false</NuGetAudit>
                  </PropertyGroup>
                </Project>
                """);
            await DotNet.RunCheckedAsync(template, "add", templateProject, "package", PackageId, "--version", Version).ConfigureAwait(false);
            ConsumerProjectXml = File.ReadAllText(templateProject);
        }

        /// <summary>`dotnet pack src/Package -c Release` with this run's version, as a release pipeline would run it.</summary>
        public Task<CommandResult> PackAsync(string output, IReadOnlyDictionary<string, string> environment) =>
            RunPackAsync(output, environment, $"-p:PackageVersion={Version}");

        /// <summary>`dotnet pack src/Package -c Release` with the version the repository declares, as a release would be packed.</summary>
        public Task<CommandResult> PackWithRepositoryVersionAsync(string output) =>
            RunPackAsync(output, new Dictionary<string, string>());

        private Task<CommandResult> RunPackAsync(string output, IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
            // No restore: the solution build restored src/Package (this project references it for that), and
            // a restore here would rewrite src/Package/obj with the e2e version while other projects build.
            DotNet.RunCheckedAsync(
                RepositoryRoot,
                environment,
                new[] { "pack", Path.Combine(RepositoryRoot, "src", "Package", "Package.csproj"), "-c", "Release", "--no-restore", "-o", output, "-tl:off", "-nr:false" }
                    .Concat(extraArguments)
                    .ToArray());

        public Task DisposeAsync()
        {
            if (Environment.GetEnvironmentVariable("LOCKLEAK_E2E_KEEP") != "1")
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>A fresh consumer project with <see cref="ConsumerSources.Leaks"/> and any extra files (path relative to the project).</summary>
        public Consumer CreateConsumer(string name, params (string Path, string Content)[] files)
        {
            var directory = Path.Combine(Root, name);
            if (Directory.Exists(directory))
            {
                throw new InvalidOperationException($"Consumer '{name}' exists already: each test needs its own.");
            }

            Directory.CreateDirectory(directory);
            var project = Path.Combine(directory, "Consumer.csproj");
            File.WriteAllText(project, ConsumerProjectXml);
            File.WriteAllText(Path.Combine(directory, ConsumerSources.LeaksFileName), ConsumerSources.Leaks.Text);
            foreach (var (path, content) in files)
            {
                var full = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content);
            }

            return new Consumer(directory, project, Path.Combine(directory, ConsumerSources.LeaksFileName));
        }

        /// <summary>The plain `dotnet build` of an untouched consumer, shared by the tests that only read it.</summary>
        public Task<(Consumer Consumer, CommandResult Build)> DefaultBuildAsync()
        {
            lock (gate)
            {
                return defaultBuild ??= Run(CreateConsumer("default"));
            }

            static async Task<(Consumer, CommandResult)> Run(Consumer consumer) => (consumer, await BuildAsync(consumer).ConfigureAwait(false));
        }

        public static Task<CommandResult> BuildAsync(Consumer consumer, params string[] extraArguments) =>
            DotNet.RunAsync(consumer.Directory, DotNet.BuildArguments(consumer.Project, extraArguments).ToArray());

        private async Task<IReadOnlyList<string>> UpstreamSourcesAsync()
        {
            // The sources this machine restores other packages from (nuget.org or its mirror), so that the
            // consumer's nuget.config can <clear/> and still restore anything besides LockLeak.Analyzers.
            var list = await DotNet.RunAsync(RepositoryRoot, "nuget", "list", "source", "--format", "short").ConfigureAwait(false);
            var sources = list.Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
                .Select(line => line.Substring(2).Trim())
                .Where(source => source.Length > 0)
                .ToList();
            return sources.Count > 0 ? sources : new[] { "https://api.nuget.org/v3/index.json" };
        }

        private string NuGetConfig(IReadOnlyList<string> upstream)
        {
            static string Xml(string value) => SecurityElement.Escape(value)!;

            var config = new StringBuilder();
            config.AppendLine("""<?xml version="1.0" encoding="utf-8"?>""");
            config.AppendLine("<configuration>");
            config.AppendLine("  <config>");
            config.AppendLine($"""    <add key="globalPackagesFolder" value="{Xml(PackagesFolder)}" />""");
            config.AppendLine("  </config>");
            config.AppendLine("  <packageSources>");
            config.AppendLine("    <clear />");
            config.AppendLine($"""    <add key="lockleak-e2e" value="{Xml(Feed)}" />""");
            for (var i = 0; i < upstream.Count; i++)
            {
                config.AppendLine($"""    <add key="upstream-{i}" value="{Xml(upstream[i])}" />""");
            }

            config.AppendLine("  </packageSources>");

            // LockLeak.Analyzers may only come from the package just packed, never from a remote feed.
            config.AppendLine("  <packageSourceMapping>");
            config.AppendLine("""    <packageSource key="lockleak-e2e">""");
            config.AppendLine($"""      <package pattern="{PackageId}" />""");
            config.AppendLine("    </packageSource>");
            for (var i = 0; i < upstream.Count; i++)
            {
                config.AppendLine($"""    <packageSource key="upstream-{i}">""");
                config.AppendLine("""      <package pattern="*" />""");
                config.AppendLine("    </packageSource>");
            }

            config.AppendLine("  </packageSourceMapping>");
            config.AppendLine("</configuration>");
            return config.ToString();
        }

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

    /// <summary>One throwaway consumer project.</summary>
    public sealed record Consumer(string Directory, string Project, string LeaksFile);

    [CollectionDefinition(Name)]
    public sealed class PackageCollection : ICollectionFixture<PackageFixture>
    {
        // One collection: the tests share one pack and run one build at a time on a 2-core machine.
        public const string Name = "Package";
    }
}
