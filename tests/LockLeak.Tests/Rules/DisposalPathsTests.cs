using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// SPEC: a type whose Dispose and DisposeAsync are independent must release on both; LCK002 names the path that
    /// forgets, with that path as the additional location.
    /// </summary>
    public class DisposalPathsTests
    {
        [Fact]
        public Task DisposeReleases_IndependentDisposeAsyncForgets_ReportsDisposeAsync() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                public void Dispose()
                {
                    _gate.Dispose();
                }

                public ValueTask {|#1:DisposeAsync|}()
                {
                    return default;
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("Channel", "Semaphore", "_gate", "in its field initializer", " in DisposeAsync()"));

        [Fact]
        public Task BothPathsCallOneCleanup_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => Cleanup();

                public ValueTask DisposeAsync()
                {
                    Cleanup();
                    return default;
                }

                private void Cleanup() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task DisposeAsyncCallsDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                }

                public ValueTask DisposeAsync()
                {
                    Dispose();
                    return default;
                }
            }
            """);
    }
}
