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

        // The documented .NET pattern: DisposeAsync runs DisposeAsyncCore, then Dispose(false) for the unmanaged part. A
        // constant argument reaches only its branch, so `if (disposing)` is not the async path's.
        private const string DisposingPattern = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore().ConfigureAwait(false);
                    Dispose(false);
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask ASYNCCORE
            }
            """;

        [Fact]
        public Task DisposeAsyncEndsWithDisposeFalse_CoreForgets_ReportsDisposeAsyncCore() => Verify.DiagnosticsAsync(
            DisposingPattern.Replace("ASYNCCORE", "{|#1:DisposeAsyncCore|}() => default;"),
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("Channel", "Semaphore", "_gate", "in its field initializer", " in DisposeAsyncCore()"));

        [Fact]
        public Task DisposeAsyncEndsWithDisposeFalse_CoreReleases_NoDiagnostic() => Verify.DiagnosticsAsync(
            DisposingPattern.Replace("{|#0:new Semaphore(1, 1)|}", "new Semaphore(1, 1)").Replace("ASYNCCORE", """
                DisposeAsyncCore()
                    {
                        _gate.Dispose();
                        return default;
                    }
                """));

        [Fact]
        public Task DisposeAsyncWithoutCore_EndsWithNamedDisposingFalse_ReportsDisposeAsync() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Mutex _gate = {|#0:new Mutex()|};

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (!disposing)
                    {
                        return;
                    }

                    _gate.Dispose();
                }

                public ValueTask {|#1:DisposeAsync|}()
                {
                    Dispose(disposing: false);
                    return default;
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("Channel", "Mutex", "_gate", "in its field initializer", " in DisposeAsync()"));

        [Fact]
        public Task DisposeAsyncEndsWithDisposeTrue_OnePath_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(true);
                    return default;
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncEndsWithDisposeFalse_ReleaseOutsideDisposing_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        Console.WriteLine("managed");
                    }
                    else
                    {
                        Console.WriteLine("unmanaged");
                    }

                    _gate.Dispose();
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(false);
                    return default;
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncEndsWithDisposeFalse_ReleaseInElseBranchOnly_ReportsDisposeBool() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                public void Dispose() => Dispose(true);

                private void {|#1:Dispose|}(bool disposing)
                {
                    if (disposing)
                    {
                        Console.WriteLine("managed");
                    }
                    else
                    {
                        _gate.Dispose();
                    }
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(false);
                    return default;
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("Channel", "Semaphore", "_gate", "in its field initializer", " in Dispose(bool)"));
    }
}
