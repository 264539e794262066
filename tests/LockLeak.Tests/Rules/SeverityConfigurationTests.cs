using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// Severity none in .editorconfig turns a rule off. (Escalation to error is applied by the compiler when it filters
    /// diagnostics, which this harness bypasses; LockLeak.PackageTests proves `severity = error` fails a real build.)
    /// </summary>
    public class SeverityConfigurationTests
    {
        private const string Source = """
            using System.Threading;

            class StoreContext
            {
                private readonly Mutex _gate = new Mutex();
            }
            """;

        [Fact]
        public Task SeverityNone_NotReported() => Verify.DiagnosticsAsync(
            Source,
            "dotnet_diagnostic.LCK001.severity = none\n");
    }
}
