using System.Linq;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>The lockleak.* keys users set in .editorconfig reach the analyzer inside the real build.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class OptionsTests
    {
        private readonly PackageFixture fixture;

        public OptionsTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public Task NoOptions_ReportsOnlyTheUnreleasedMutex() =>
            AssertOptionsFileReports("options-none", editorConfigLines: new string[0], "connection");

        [Fact]
        public Task AdditionalLockTypes_ReportsTheConfiguredType() =>
            AssertOptionsFileReports("options-additional", new[] { "lockleak.additional_lock_types = Consumer.Gate" }, "gate", "connection");

        [Fact]
        public Task ReleaseMethods_CountsTheConfiguredMethodAsRelease() =>
            AssertOptionsFileReports("options-release", new[] { "lockleak.release_methods = Shutdown" });

        [Fact]
        public async Task UnreadableValues_LCK900InTheBuildOutput_OncePerKeyAndValue()
        {
            // Every tree of the project sees the same bad values: each is printed once, without a source location.
            var consumer = fixture.CreateConsumer(
                "options-unreadable",
                (ConsumerSources.OptionsFileName, ConsumerSources.Options.Text),
                (".editorconfig", "root = true\n\n[*.cs]\nlockleak.slim_needs_wait_handle = yes\nlockleak.additional_lock_types = Gate\n"));

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode == 0, build.ToString());
            var printed = build.Output.Split('\n')
                .Where(line => line.Contains("warning LCK900:", System.StringComparison.Ordinal))
                .Select(line => line.Trim())
                .Distinct()
                .ToArray();
            Assert.True(printed.Length == 2, build.ToString());
            Assert.All(printed, line => Assert.StartsWith("CSC : warning LCK900: LockLeak does not understand ", line));
            Assert.Contains(printed, line => line.Contains("'yes' in lockleak.slim_needs_wait_handle: expected true or false", System.StringComparison.Ordinal));
            Assert.Contains(printed, line => line.Contains("'Gate' in lockleak.additional_lock_types: expected a fully qualified metadata name", System.StringComparison.Ordinal));
        }

        private async Task AssertOptionsFileReports(string name, string[] editorConfigLines, params string[] reportedTags)
        {
            var editorConfig = "root = true\n\n[*.cs]\n" + string.Join("\n", editorConfigLines) + "\n";
            var consumer = fixture.CreateConsumer(
                name,
                (ConsumerSources.OptionsFileName, ConsumerSources.Options.Text),
                (".editorconfig", editorConfig));

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode == 0, build.ToString());
            var optionsFile = System.IO.Path.Combine(consumer.Directory, ConsumerSources.OptionsFileName);
            var expected = reportedTags
                .Select(tag => ConsumerSources.Options.Single(tag))
                .Select(s => new BuildDiagnostic(optionsFile, s.Line, s.Column, "warning", "LCK001"))
                .OrderBy(d => d.Line)
                .ToArray();
            var actual = BuildDiagnostics.LockLeak(build.Output).Where(d => d.File == optionsFile).OrderBy(d => d.Line).ToArray();
            Assert.Equal(expected, actual);

            // The options are scoped to what they name: the rest of the project is reported as without them.
            Assert.Equal(ConsumerSources.ExpectedLeaks().Count, BuildDiagnostics.LockLeak(build.Output).Count(d => d.File == consumer.LeaksFile));
        }
    }
}
