using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK005's early returns: at any depth of the statements before the release, and answered by a release before them.</summary>
    public partial class LockReleasedOnSomePathsTests
    {
        [Fact]
        public Task EarlyReturnInsideLockBeforeTheRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();
                private readonly object _sync = new object();

                public void Dispose()
                {
                    lock (_sync)
                    {
                        {|#1:if (_pending.Count > 0)
                            return;|}

                        _pending.Clear();
                    }

                    {|#0:_gate.Dispose()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "SemaphoreSlim", "_gate", "Dispose()", "!(_pending.Count > 0)"));

        [Fact]
        public Task EarlyReturnInTheElse_ReportsTheConditionThatReleases() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    {|#1:if (_pending.Count == 0)
                    {
                        Console.WriteLine("closing");
                    }
                    else
                    {
                        return;
                    }|}

                    {|#0:_gate.Dispose()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "SemaphoreSlim", "_gate", "Dispose()", "_pending.Count == 0"));

        [Fact]
        public Task DisposedFlagReturnInsideLock_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly object _sync = new object();
                private bool _disposed;

                public void Dispose()
                {
                    lock (_sync)
                    {
                        if (_disposed)
                            return;

                        _disposed = true;
                    }

                    _gate.Dispose();
                }
            }
            """);

        /// <summary>What LCK005's fix writes: each early return releases before it leaves, so no call of Dispose skips a release.</summary>
        [Fact]
        public Task EveryEarlyReturnReleasesBeforeLeaving_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();
                private int _retries;

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        _gate?.Dispose();
                        return;
                    }

                    foreach (var item in _pending)
                    {
                        if (item.Length > _retries)
                        {
                            Console.WriteLine(item);
                            _gate.Dispose();
                            return;
                        }
                    }

                    _gate.Dispose();
                }
            }
            """);

        /// <summary>The release before the return is in the other branch of its if: that return still skips every release.</summary>
        [Fact]
        public Task ReleaseInTheOtherBranchOfTheReturnsIf_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    {|#1:if (_pending.Count > 0)
                    {
                        Console.WriteLine("busy");
                        return;
                    }
                    else
                    {
                        _gate.Dispose();
                    }|}

                    {|#0:_gate.Dispose()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "SemaphoreSlim", "_gate", "Dispose()", "!(_pending.Count > 0)"));
    }
}
