using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>What is inside the .nupkg users download.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class PackageContentTests
    {
        private const string AnalyzerEntry = "analyzers/dotnet/cs/LockLeak.Analyzer.dll";
        private const string CodeFixesEntry = "analyzers/dotnet/cs/LockLeak.CodeFixes.dll";
        private const string BuildTargetsEntry = "build/LockLeak.Analyzers.targets";
        private const string BuildTransitiveTargetsEntry = "buildTransitive/LockLeak.Analyzers.targets";
        private const string RepositoryUrl = "https://github.com/LockLeak/LockLeak";
        private const string IconEntry = "icon.png";
        private const string LicenseEntry = "LICENSE";

        private static readonly string[] SeverityValues = { "none", "suggestion", "warning", "error" };

        // A markdown link or image target, an autolink, and an HTML href/src: every way a README points elsewhere.
        private static readonly Regex LinkTarget = new(
            @"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)|<(?<target>[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]+)>|(?:href|src)\s*=\s*""(?<target>[^""]+)""|^\s*\[[^\]]+\]:\s*(?<target>\S+)",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);

        private readonly PackageFixture fixture;

        public PackageContentTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public void Nupkg_HoldsBothAssembliesUnderAnalyzersDotnetCs_AndNothingElse()
        {
            using var package = ZipFile.OpenRead(fixture.PackagePath);
            var entries = package.Entries.Select(e => e.FullName).ToArray();

            // Besides the OPC bookkeeping every .nupkg has: the manifest, the readme, the license, the icon, the two
            // assemblies and the LockLeakSeverity switch (its targets and one global config per value).
            var content = entries
                .Where(e => !e.StartsWith("_rels/", StringComparison.Ordinal)
                    && !e.StartsWith("package/services/metadata/", StringComparison.Ordinal)
                    && e != "[Content_Types].xml")
                .OrderBy(e => e, StringComparer.Ordinal);
            var expected = new[] { "LockLeak.Analyzers.nuspec", "README.md", LicenseEntry, IconEntry, AnalyzerEntry, CodeFixesEntry, BuildTargetsEntry, BuildTransitiveTargetsEntry }
                .Concat(SeverityValues.Select(SeverityConfigEntry));
            Assert.Equal(expected.OrderBy(e => e, StringComparer.Ordinal), content);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.OrdinalIgnoreCase) || e.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
        }

        [Fact]
        public void Nuspec_DevelopmentDependencyWithoutDependencies_AndGalleryMetadata()
        {
            using var package = ZipFile.OpenRead(fixture.PackagePath);
            var nuspec = XDocument.Load(package.GetEntry("LockLeak.Analyzers.nuspec")!.Open());
            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            string? Value(string name) => metadata.Element(ns + name)?.Value;

            Assert.Equal(PackageFixture.PackageId, Value("id"));
            Assert.Equal(fixture.Version, Value("version"));
            Assert.Equal("true", Value("developmentDependency"));
            Assert.Null(metadata.Element(ns + "dependencies"));
            Assert.Equal("README.md", Value("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            var license = metadata.Element(ns + "license")!;
            Assert.Equal("expression", license.Attribute("type")?.Value);
            Assert.Equal("MIT", license.Value);
            Assert.Equal(IconEntry, Value("icon"));
            var repository = metadata.Element(ns + "repository")!;
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.Equal(RepositoryUrl, repository.Attribute("url")?.Value);
            Assert.Equal(RepositoryUrl, Value("projectUrl"));
            var tags = Value("tags")!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains("analyzers", tags);
            Assert.Contains("roslyn", tags);
            Assert.False(string.IsNullOrWhiteSpace(Value("releaseNotes")));
            Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        }

        [Fact]
        public void Assemblies_TargetNetStandard20_AndTheRoslyn48Floor_AnalyzerWithoutWorkspaces()
        {
            using var package = ZipFile.OpenRead(fixture.PackagePath);
            var analyzer = References(package, AnalyzerEntry);
            var codeFixes = References(package, CodeFixesEntry);

            // The command-line compiler has no Workspaces: an analyzer referencing it fails to load there (RS1038).
            Assert.DoesNotContain(analyzer, r => r.Name.StartsWith("Microsoft.CodeAnalysis.Workspaces", StringComparison.Ordinal));
            Assert.Contains(analyzer, r => r.Name == "Microsoft.CodeAnalysis.CSharp");

            // Compiled against a newer Roslyn, older hosts report CS8032/CS9057 instead of loading the analyzer.
            var floor = new Version(4, 8, 0, 0);
            foreach (var reference in analyzer.Concat(codeFixes).Where(r => r.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)))
            {
                Assert.True(reference.Version <= floor, $"{reference.Name} {reference.Version} is above the {floor} floor.");
            }

            Assert.All(new[] { analyzer, codeFixes }, references => Assert.Contains(references, r => r.Name == "netstandard" && r.Version == new Version(2, 0, 0, 0)));
        }

        [Fact]
        public void License_IsTheRepositoryMitLicense()
        {
            // The expression says MIT to tools; the file keeps the copyright notice MIT asks every copy to carry.
            var packed = ReadEntry("license", LicenseEntry).Replace("\r\n", "\n", StringComparison.Ordinal);
            var repository = File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "LICENSE")).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.Equal(repository, packed);
            Assert.StartsWith("MIT License\n", packed, StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^Copyright \(c\) \d{4} LockLeak contributors$", RegexOptions.Multiline), packed);
        }

        [Fact]
        public void Icon_IsA128PixelSquarePng()
        {
            using var package = ZipFile.OpenRead(fixture.PackagePath);
            using var stream = new MemoryStream();
            using (var source = package.GetEntry(IconEntry)!.Open())
            {
                source.CopyTo(stream);
            }

            // The PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at offsets 16 and 20.
            var bytes = stream.ToArray();
            Assert.True(bytes.Length > 24, $"{IconEntry} has only {bytes.Length} bytes.");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes.Take(8));
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal((128, 128), (BigEndian(bytes, 16), BigEndian(bytes, 20)));

            static int BigEndian(byte[] data, int offset) => (data[offset] << 24) | (data[offset + 1] << 16) | (data[offset + 2] << 8) | data[offset + 3];
        }

        [Fact]
        public async Task Pack_WithTheRepositoryVersion_WritesTheChangelogsTopVersion()
        {
            // The fixture packs with a throwaway version; a release packs with the repository's own, which must be the
            // version the changelog's top section describes.
            var changelog = File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "CHANGELOG.md"));
            var top = Regex.Match(changelog, @"^## \[?(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?", RegexOptions.Multiline);
            Assert.True(top.Success, "CHANGELOG.md has no '## <version>' section.");

            var output = Path.Combine(fixture.Root, "repository-version");
            await fixture.PackWithRepositoryVersionAsync(output);
            var packed = Directory.GetFiles(output, PackageFixture.PackageId + ".*.nupkg").Single();
            using var package = ZipFile.OpenRead(packed);
            var nuspec = XDocument.Load(package.GetEntry("LockLeak.Analyzers.nuspec")!.Open());
            var ns = nuspec.Root!.Name.Namespace;
            var version = nuspec.Root.Element(ns + "metadata")!.Element(ns + "version")!.Value;

            Assert.Equal(top.Groups["version"].Value, version);
            Assert.Equal($"{PackageFixture.PackageId}.{version}.nupkg", Path.GetFileName(packed));
        }

        [Fact]
        public void AddPackage_RecordsThePackageAsPrivateAssetsAll()
        {
            // developmentDependency makes `dotnet add package` (and the IDE) keep the analyzer out of the consumer's own consumers.
            var project = XDocument.Parse(fixture.ConsumerProjectXml);
            var reference = project.Descendants("PackageReference").Single(e => e.Attribute("Include")?.Value == PackageFixture.PackageId);
            Assert.Equal(fixture.Version, reference.Attribute("Version")?.Value);
            Assert.Equal("all", (reference.Element("PrivateAssets")?.Value ?? reference.Attribute("PrivateAssets")?.Value)?.Trim());
        }

        [Fact]
        public void PackedReadme_EveryLinkIsAbsolute_AndOnlyLinksDifferFromTheRepositoryReadme()
        {
            // On the package page the README is read away from the repository: a relative link there goes nowhere.
            var packed = ReadEntry(PackageFixture.PackageId + ".nupkg README.md", "README.md");
            var targets = LinkTarget.Matches(packed).Select(m => m.Groups["target"].Value).ToArray();
            Assert.NotEmpty(targets);
            Assert.All(targets, target => Assert.True(
                target.StartsWith(RepositoryUrl + "/", StringComparison.Ordinal) || (Uri.TryCreate(target, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "mailto"),
                $"The packed README links to '{target}', which is not an absolute https link."));

            // Every page the README links to in the repository exists, so the absolute link does too once pushed.
            foreach (var target in targets.Where(t => t.StartsWith(RepositoryUrl + "/blob/main/", StringComparison.Ordinal)))
            {
                var path = target.Substring((RepositoryUrl + "/blob/main/").Length).Split('#')[0];
                Assert.True(File.Exists(Path.Combine(fixture.RepositoryRoot, path)) || Directory.Exists(Path.Combine(fixture.RepositoryRoot, path)), $"{target}: no {path} in the repository.");
            }

            // Nothing but link targets was rewritten: the text users read is the repository's README.
            var repository = File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            var unlinked = packed.Replace("\r\n", "\n", StringComparison.Ordinal)
                .Replace("](" + RepositoryUrl + "/blob/main/README.md#", "](#", StringComparison.Ordinal)
                .Replace("](" + RepositoryUrl + "/blob/main/", "](", StringComparison.Ordinal);
            Assert.Equal(repository.TrimEnd(), unlinked.TrimEnd());
        }

        [Fact]
        public void SeverityConfigs_GlobalBelowUserConfigs_SetEveryShippedRuleToTheirValue()
        {
            foreach (var value in SeverityValues)
            {
                var lines = ReadEntry(value, SeverityConfigEntry(value))
                    .Split('\n')
                    .Select(line => line.Trim())
                    .Where(line => line.Length > 0 && !line.StartsWith('#'))
                    .ToArray();

                // A user's .globalconfig has level 0 (100 when named .globalconfig): below both, theirs wins per key.
                Assert.Contains("is_global = true", lines);
                var level = int.Parse(lines.Single(l => l.StartsWith("global_level", StringComparison.Ordinal)).Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(level < 0, $"global_level {level} of the '{value}' config would not lose to a user's global config.");
                Assert.Equal(
                    ConsumerSources.SeverityRuleIds.Select(id => $"dotnet_diagnostic.{id}.severity = {value}"),
                    lines.Where(l => l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)));
            }
        }

        [Fact]
        public void BuildTransitiveTargets_ImportTheBuildTargets()
        {
            // NuGet imports only buildTransitive/ for a PackageReference (direct or not): it must bring in build/'s switch.
            var targets = XDocument.Parse(ReadEntry("buildTransitive", BuildTransitiveTargetsEntry));
            var import = targets.Root!.Elements().Single(e => e.Name.LocalName == "Import");
            Assert.Equal("$(MSBuildThisFileDirectory)../build/LockLeak.Analyzers.targets", import.Attribute("Project")?.Value);
        }

        [Fact]
        public async Task Pack_SameSourcesAndSourceDateEpoch_ByteIdenticalPackages()
        {
            // Compilation is deterministic; NuGet stamps the zip entries from SOURCE_DATE_EPOCH, so a CI that sets
            // it to the commit time can rebuild a published package bit for bit.
            var environment = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1767225600" };
            var packages = new List<byte[]>();
            foreach (var name in new[] { "deterministic-1", "deterministic-2" })
            {
                var output = Path.Combine(fixture.Root, name);
                await fixture.PackAsync(output, environment);
                packages.Add(File.ReadAllBytes(Path.Combine(output, $"{PackageFixture.PackageId}.{fixture.Version}.nupkg")));
            }

            Assert.Equal(packages[0], packages[1]);
        }

        private static string SeverityConfigEntry(string value) => $"build/config/lockleak_severity_{value}.globalconfig";

        private string ReadEntry(string what, string entry)
        {
            using var package = ZipFile.OpenRead(fixture.PackagePath);
            var found = package.GetEntry(entry);
            Assert.True(found is not null, $"{what}: no {entry} in the package.");
            using var reader = new StreamReader(found!.Open());
            return reader.ReadToEnd();
        }

        private static AssemblyName[] References(ZipArchive package, string entry)
        {
            using var stream = new MemoryStream();
            using (var source = package.GetEntry(entry)!.Open())
            {
                source.CopyTo(stream);
            }

            stream.Position = 0;
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            return reader.AssemblyReferences
                .Select(handle => reader.GetAssemblyReference(handle))
                .Select(reference => new AssemblyName(reader.GetString(reference.Name), reference.Version))
                .ToArray();
        }

        private sealed record AssemblyName(string Name, Version Version);
    }
}
