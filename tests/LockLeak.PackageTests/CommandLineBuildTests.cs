using System.Linq;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>`dotnet build` of a project that installed the package: what users and CI see.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class CommandLineBuildTests
    {
        private readonly PackageFixture fixture;

        public CommandLineBuildTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public async Task DefaultBuild_Succeeds_PrintsEveryExpectedWarningAtItsLocation()
        {
            var (consumer, build) = await fixture.DefaultBuildAsync();

            Assert.True(build.ExitCode == 0, build.ToString());
            var expected = ConsumerSources.ExpectedLeaks()
                .Select(d => new BuildDiagnostic(consumer.LeaksFile, d.Line, d.Column, "warning", d.Id))
                .OrderBy(d => d.Line).ThenBy(d => d.Column)
                .ToArray();
            var actual = BuildDiagnostics.LockLeak(build.Output).OrderBy(d => d.Line).ThenBy(d => d.Column).ToArray();
            Assert.Equal(expected, actual);
            Assert.Equal(ConsumerSources.ReportedIds, actual.Select(d => d.Id).Distinct().OrderBy(id => id));
        }

        [Fact]
        public async Task DefaultBuild_HostLoadsAnalyzer_NoLoadFailureOrAnalyzerException()
        {
            var (_, build) = await fixture.DefaultBuildAsync();

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.NotEmpty(BuildDiagnostics.LockLeak(build.Output));
            foreach (var id in BuildDiagnostics.LoadFailureIds)
            {
                Assert.DoesNotContain(id, build.Output);
            }
        }

        [Fact]
        public async Task PragmaAndSuppressMessage_SilenceOneOccurrenceEach()
        {
            var (_, build) = await fixture.DefaultBuildAsync();
            var reported = BuildDiagnostics.LockLeak(build.Output).Select(d => (d.Line, d.Column)).ToHashSet();

            foreach (var silenced in ConsumerSources.Leaks.Tagged("pragma").Concat(ConsumerSources.Leaks.Tagged("attribute")))
            {
                Assert.DoesNotContain((silenced.Line, silenced.Column), reported);
            }

            // The unsuppressed sibling in the same type, with the same defect, is still reported: the
            // suppression, not the analyzer, is what silenced the other one.
            var pragma = ConsumerSources.Leaks.Single("pragma");
            var attribute = ConsumerSources.Leaks.Single("attribute");
            Assert.Contains(ConsumerSources.Leaks.Tagged("LCK002"), s => s.Line == pragma.Line + 2 && reported.Contains((s.Line, s.Column)));
            Assert.Contains(ConsumerSources.Leaks.Tagged("LCK002"), s => s.Line == attribute.Line + 1 && reported.Contains((s.Line, s.Column)));
        }

        [Fact]
        public async Task EditorConfigSeverityError_FailsBuildWithErrorLck002()
        {
            var consumer = fixture.CreateConsumer(
                "severity-editorconfig",
                (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.LCK002.severity = error\n"));

            var build = await PackageFixture.BuildAsync(consumer);

            AssertLck002IsTheOnlyError(build, consumer);
        }

        [Fact]
        public async Task GlobalConfigSeverityError_FailsBuildWithErrorLck002()
        {
            var consumer = fixture.CreateConsumer(
                "severity-globalconfig",
                (".globalconfig", "is_global = true\n\ndotnet_diagnostic.LCK002.severity = error\n"));

            var build = await PackageFixture.BuildAsync(consumer);

            AssertLck002IsTheOnlyError(build, consumer);
        }

        [Fact]
        public async Task WarningsAsErrorsProperty_FailsBuildWithErrorLck002()
        {
            var consumer = fixture.CreateConsumer("severity-warningsaserrors");

            var build = await PackageFixture.BuildAsync(consumer, "-p:WarningsAsErrors=LCK002");

            AssertLck002IsTheOnlyError(build, consumer);
        }

        private static void AssertLck002IsTheOnlyError(CommandResult build, Consumer consumer)
        {
            Assert.True(build.ExitCode != 0, build.ToString());
            var expected = ConsumerSources.ExpectedLeaks()
                .Select(d => new BuildDiagnostic(consumer.LeaksFile, d.Line, d.Column, d.Id == "LCK002" ? "error" : "warning", d.Id))
                .OrderBy(d => d.Line).ThenBy(d => d.Column)
                .ToArray();
            var actual = BuildDiagnostics.LockLeak(build.Output).OrderBy(d => d.Line).ThenBy(d => d.Column).ToArray();
            Assert.Equal(expected, actual);
            Assert.Contains("error LCK002", build.Output);
            Assert.DoesNotContain(BuildDiagnostics.Parse(build.Output), d => d.Severity == "error" && d.Id != "LCK002");
        }
    }
}
