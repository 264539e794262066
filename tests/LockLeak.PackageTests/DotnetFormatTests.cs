using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>`dotnet format analyzers`: the CI gate and the batch fix, through the package's code fixes.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class DotnetFormatTests
    {
        private static readonly string[] Diagnostics = { "--diagnostics", "LCK001", "LCK002", "LCK003" };

        private readonly PackageFixture fixture;

        public DotnetFormatTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public async Task VerifyNoChanges_ProjectWithLeaks_ExitsNonZeroAndLeavesFilesAlone()
        {
            var consumer = fixture.CreateConsumer("format-verify");

            var format = await DotNet.RunAsync(
                consumer.Directory,
                new[] { "format", "analyzers", consumer.Project }.Concat(Diagnostics).Append("--verify-no-changes").ToArray());

            Assert.True(format.ExitCode != 0, format.ToString());
            Assert.Equal(ConsumerSources.Leaks.Text, File.ReadAllText(consumer.LeaksFile));
        }

        [Fact]
        public async Task Format_AppliesEveryFix_RebuildHasNoLockLeakDiagnostic()
        {
            var consumer = fixture.CreateConsumer("format-apply");

            var format = await DotNet.RunAsync(
                consumer.Directory,
                new[] { "format", "analyzers", consumer.Project }.Concat(Diagnostics).ToArray());

            Assert.True(format.ExitCode == 0, format.ToString());
            Assert.DoesNotContain("Unable to fix", format.Output);
            var fixedText = File.ReadAllText(consumer.LeaksFile);
            Assert.NotEqual(ConsumerSources.Leaks.Text, fixedText);

            // The releases SPEC.md prescribes for each defect of the consumer.
            Assert.Contains("_lock.Dispose();", fixedText);
            Assert.Contains("_loud.Dispose();", fixedText);
            Assert.Contains("DeleteCriticalSection(ref _section);", fixedText);
            Assert.Contains("public class MailboxIndex : IDisposable", fixedText);
            Assert.Contains("_gate.Dispose();", fixedText);

            // What the user suppressed is a decision, not a defect: the fixer leaves it alone.
            Assert.DoesNotContain("_quiet.Dispose()", fixedText);

            var rebuild = await PackageFixture.BuildAsync(consumer);
            Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
            Assert.Empty(BuildDiagnostics.LockLeak(rebuild.Output));
            Assert.DoesNotContain(BuildDiagnostics.Parse(rebuild.Output), d => d.Severity == "error");

            var verify = await DotNet.RunAsync(
                consumer.Directory,
                new[] { "format", "analyzers", consumer.Project }.Concat(Diagnostics).Append("--verify-no-changes").ToArray());
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
    }
}
