using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK005: guards judged on values (a local copy or a pattern variable of the field), and a release only a later run reaches.</summary>
    public partial class LockReleasedOnSomePathsTests
    {
        [Theory]
        [InlineData("var h = _handle; if (h != null) { _handle = null!; h.Dispose(); }")]
        [InlineData("var h = _handle; if (h is not null) { _handle = null!; h.Dispose(); }")]
        [InlineData("var h = _handle; if (h == null) return; _handle = null!; h.Dispose();")]
        [InlineData("if (_handle is { } h) { _handle = null!; h.Dispose(); }")]
        [InlineData("if (_handle is not SemaphoreSlim h) return; h.Dispose();")]
        [InlineData("var h = Interlocked.Exchange(ref _handle, null!); if (h != null) h.Dispose();")]
        public Task NullCheckOfTheFieldsValue_IsAGuard_NoDiagnostic(string release) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _handle = new SemaphoreSlim(1);

                public void Dispose()
                {
                    {{release}}
                }
            }
            """);

        [Fact]
        public Task NullCheckOfAnotherLocal_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _handle = new SemaphoreSlim(1);
                private object? _owner;

                public void Dispose()
                {
                    var owner = _owner;
                    if (owner != null)
                    {
                        {|#0:_handle.Dispose()|};
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithSpan(12, 9, 15, 10)
                .WithMessage("'StoreContext' releases SemaphoreSlim '_handle' in 'Dispose()' only when owner != null; other calls of Dispose leak it"));

        [Fact]
        public Task ReleaseAfterAReturnTheFirstRunTakes_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _isDisposed;

                public ValueTask DisposeAsync() => DisposeAsyncCore();

                private ValueTask DisposeAsyncCore()
                {
                    if (Interlocked.CompareExchange(ref _isDisposed, 1, 0) == 0)
                    {
                        return DisposeAsyncBase();
                    }

                    {|#0:_gate.Dispose()|};
                    return default;
                }

                private ValueTask DisposeAsyncBase() => default;
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithSpan(14, 9, 17, 10)
                .WithMessage("'StoreContext' releases SemaphoreSlim '_gate' in 'DisposeAsync()' only when !(Interlocked.CompareExchange(ref _isDisposed, 1, 0) == 0); other calls of Dispose leak it"));

        [Theory]
        [InlineData("if (Interlocked.CompareExchange(ref _isDisposed, 1, 0) != 0) return;")]
        [InlineData("if (Interlocked.Exchange(ref _isDisposed, 1) == 1) return;")]
        [InlineData("if (Interlocked.Exchange(ref _isDisposed, 1) != 0) return;")]
        public Task ReturnOnLaterRuns_IsAGuard_NoDiagnostic(string exit) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _isDisposed;

                public void Dispose()
                {
                    {{exit}}
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task ReleaseUnderThePlatformCheckOfTheCreation_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex? _mutex;

                public StoreContext()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _mutex = new Mutex();
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _mutex!.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task ReleaseUnderAnotherPlatformCheck_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex? _mutex;

                public StoreContext()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _mutex = new Mutex();
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsLinux())
                    {
                        {|#0:_mutex!.Dispose()|};
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithSpan(18, 9, 21, 10)
                .WithMessage("'StoreContext' releases Mutex '_mutex' in 'Dispose()' only when OperatingSystem.IsLinux(); other calls of Dispose leak it"));
    }
}
