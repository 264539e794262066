using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK005: the only releases of a primitive sit under a condition that is not a guard idiom.</summary>
    public partial class LockReleasedOnSomePathsTests
    {
        [Fact]
        public Task ReleaseUnderCounterCondition_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    {|#1:if (_openCount == 0)
                    {
                        {|#0:_gate.Dispose()|};
                    }|}
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithMessage("'StoreContext' releases SemaphoreSlim '_gate' in 'Dispose()' only when _openCount == 0; other calls of Dispose leak it"));

        [Fact]
        public Task ReleaseAfterEarlyReturnOnConfiguration_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        return;
                    }

                    {|LCK005:_gate?.Dispose()|};
                }
            }
            """);

        [Fact]
        public Task ReleaseUnderCallResult_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                private bool ShouldRelease() => Environment.ProcessorCount > 1;

                public void Dispose()
                {
                    if (ShouldRelease())
                    {
                        {|LCK005:_mutex.Dispose()|};
                    }
                }
            }
            """);

        [Fact]
        public Task ReleaseInHelperCalledConditionally_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _users;

                public void Dispose()
                {
                    if (_users > 1)
                    {
                        Cleanup();
                    }
                }

                private void Cleanup() => {|LCK005:_gate.Dispose()|};
            }
            """);

        [Fact]
        public Task ReleaseUnconditionalOnAnotherPath_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _users;

                public void Dispose()
                {
                    if (_users > 1)
                    {
                        _gate.Dispose();
                    }
                }

                ~StoreContext()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task DisposedFlagEarlyReturn_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private bool _disposed;

                public void Dispose()
                {
                    if (_disposed) return;
                    _disposed = true;
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task NotDisposingEarlyReturn_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                    if (!disposing) return;
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task NullCheckOfReleasedField_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    if (_gate != null)
                    {
                        _gate.Dispose();
                        _gate = null;
                    }
                }
            }
            """);

        [Fact]
        public Task IsNotNullPattern_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    if (_gate is not null)
                    {
                        _gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task InterlockedExchangeGuard_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _disposed;

                public void Dispose()
                {
                    if (Interlocked.Exchange(ref _disposed, 1) == 1)
                    {
                        return;
                    }

                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task InterlockedLocalGuard_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _state;

                public void Dispose()
                {
                    var previous = Interlocked.CompareExchange(ref _state, 2, 1);
                    if (previous != 1)
                    {
                        return;
                    }

                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task EnumStateGuard_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            enum StoreState { Open, Closed }

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private StoreState _state;

                private bool IsDisposing { get; set; }

                public void Dispose()
                {
                    if (_state == StoreState.Closed || IsDisposing)
                    {
                        return;
                    }

                    _state = StoreState.Closed;
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task ConditionalAccessRelease_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate?.Dispose();
            }
            """);
    }
}
