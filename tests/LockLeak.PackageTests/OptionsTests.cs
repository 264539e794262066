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
        public Task NoOptions_ReportsOnlyTheUnreleasedSemaphore() =>
            AssertOptionsFileReports("options-none", editorConfigLines: new string[0], "connection");

        [Fact]
        public Task AdditionalLockTypes_ReportsTheConfiguredType() =>
            AssertOptionsFileReports("options-additional", new[] { "lockleak.additional_lock_types = Consumer.Gate" }, "gate", "connection");

        [Fact]
        public Task ReleaseMethods_CountsTheConfiguredMethodAsRelease() =>
            AssertOptionsFileReports("options-release", new[] { "lockleak.release_methods = Shutdown" });

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
