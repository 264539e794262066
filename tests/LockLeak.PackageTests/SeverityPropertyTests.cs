using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>
    /// The package's one switch for the whole rule set, `&lt;LockLeakSeverity&gt;` in the project file, as users set it:
    /// it reaches the compiler through the package's build/ targets, and what the user wrote per rule still wins.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class SeverityPropertyTests
    {
        private readonly PackageFixture fixture;

        public SeverityPropertyTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public async Task LockLeakSeverityError_FailsTheBuild_EveryLockLeakDiagnosticIsAnError()
        {
            var consumer = WithProperty(fixture.CreateConsumer("lockleakseverity-error"), "error");

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode != 0, build.ToString());
            AssertReported(build, consumer, id => "error");
            Assert.DoesNotContain(BuildDiagnostics.Parse(build.Output), d => d.Severity == "error" && !d.Id.StartsWith("LCK", StringComparison.Ordinal));
        }

        [Fact]
        public async Task LockLeakSeverityNone_BuildSucceeds_NoLockLeakDiagnostic()
        {
            var consumer = WithProperty(fixture.CreateConsumer("lockleakseverity-none"), "none");

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Empty(BuildDiagnostics.LockLeak(build.Output));
            foreach (var id in BuildDiagnostics.LoadFailureIds)
            {
                Assert.DoesNotContain(id, build.Output);
            }
        }

        [Fact]
        public async Task LockLeakSeverityError_PerRuleEditorConfigAndGlobalConfigEntries_WinOverIt()
        {
            // The user's own per-rule settings, in both places they can write them, beat the package-wide switch.
            var consumer = WithProperty(
                fixture.CreateConsumer(
                    "lockleakseverity-override",
                    (".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.LCK002.severity = warning\n"),
                    (".globalconfig", "is_global = true\n\ndotnet_diagnostic.LCK001.severity = none\n")),
                "error");

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode != 0, build.ToString());
            AssertReported(
                build,
                consumer,
                id => id switch
                {
                    "LCK001" => null,
                    "LCK002" => "warning",
                    _ => "error",
                });
        }

        [Fact]
        public async Task LCK006_SilentInADefaultBuild_LockLeakSeverityWarningCoversIt()
        {
            // LCK006 is a suggestion: a default build does not print it. LockLeakSeverity sets all six rules, LCK006 included.
            var slimFile = (ConsumerSources.SlimFileName, ConsumerSources.Slim.Text);
            var plain = fixture.CreateConsumer("lockleakseverity-slim-default", slimFile);
            var raised = WithProperty(fixture.CreateConsumer("lockleakseverity-slim-warning", slimFile), "warning");

            var plainBuild = await PackageFixture.BuildAsync(plain);
            var raisedBuild = await PackageFixture.BuildAsync(raised);

            Assert.True(plainBuild.ExitCode == 0, plainBuild.ToString());
            Assert.DoesNotContain("LCK006", plainBuild.Output);
            Assert.True(raisedBuild.ExitCode == 0, raisedBuild.ToString());
            var slim = ConsumerSources.Slim.Spans.Single(s => s.Tag == "LCK006");
            var expected = new BuildDiagnostic(Path.Combine(raised.Directory, ConsumerSources.SlimFileName), slim.Line, slim.Column, "warning", "LCK006");
            Assert.Contains(expected, BuildDiagnostics.LockLeak(raisedBuild.Output));
        }

        [Fact]
        public async Task LockLeakSeverityMisspelt_FailsTheBuildNamingTheValidValues()
        {
            // A typo must not leave the rules quietly at their defaults while the user believes CI is gated.
            var consumer = WithProperty(fixture.CreateConsumer("lockleakseverity-typo"), "errors");

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode != 0, build.ToString());
            Assert.Contains("error LOCKLEAK0001: LockLeakSeverity is 'errors'; it must be one of none, suggestion, warning, error", build.Output);
        }

        /// <summary>Sets the property in the consumer's project file, after the package's props were imported, as users do.</summary>
        private static Consumer WithProperty(Consumer consumer, string severity)
        {
            var project = File.ReadAllText(consumer.Project);
            var end = project.LastIndexOf("</Project>", StringComparison.Ordinal);
            Assert.True(end > 0, project);
            File.WriteAllText(consumer.Project, project.Insert(end, $"  <PropertyGroup>\n    <LockLeakSeverity>{severity}</LockLeakSeverity>\n  </PropertyGroup>\n"));
            return consumer;
        }

        /// <summary>Exactly the consumer's leaks, each at the severity <paramref name="severityOf"/> gives its rule (null: not reported).</summary>
        private static void AssertReported(CommandResult build, Consumer consumer, Func<string, string?> severityOf)
        {
            var expected = ConsumerSources.ExpectedLeaks()
                .Where(d => severityOf(d.Id) is not null)
                .Select(d => new BuildDiagnostic(consumer.LeaksFile, d.Line, d.Column, severityOf(d.Id)!, d.Id))
                .OrderBy(d => d.Line).ThenBy(d => d.Column)
                .ToArray();
            var actual = BuildDiagnostics.LockLeak(build.Output).OrderBy(d => d.Line).ThenBy(d => d.Column).ToArray();
            Assert.True(expected.SequenceEqual(actual), $"expected\n  {string.Join("\n  ", expected)}\nactual\n  {string.Join("\n  ", actual)}\n{build}");
        }
    }
}
