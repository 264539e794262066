using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>LCK005's fix: the release leaves the condition that can skip it.</summary>
    public class MakeReleaseUnconditionalCodeFixTests
    {
        [Fact]
        public Task ReleaseAloneInIf_ReplacesTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        {|LCK005:_gate.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task ReleaseThroughTheInterface_KeepsTheCast() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1);

                void IDisposable.Dispose() => _inner.Dispose();
            }

            sealed class StoreContext : IDisposable
            {
                private readonly Gate _gate = new Gate();
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        {|LCK005:((IDisposable)_gate).Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1);

                void IDisposable.Dispose() => _inner.Dispose();
            }

            sealed class StoreContext : IDisposable
            {
                private readonly Gate _gate = new Gate();
                private int _openCount;

                public void Dispose()
                {
                    ((IDisposable)_gate)?.Dispose();
                }
            }
            """);

        [Fact]
        public Task UnbracedIf_ReplacesTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    if (_openCount == 0)
                        {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task ReleaseBesideOtherWork_MovesAfterTheIf() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count == 0)
                    {
                        Console.WriteLine("closing");
                        {|LCK005:_gate.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count == 0)
                    {
                        Console.WriteLine("closing");
                    }

                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task ConditionWithCall_KeepsTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                private bool Flush() => true;

                public void Dispose()
                {
                    if (Flush())
                    {
                        {|LCK005:_mutex.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                private bool Flush() => true;

                public void Dispose()
                {
                    if (Flush())
                    {
                    }

                    _mutex?.Dispose();
                }
            }
            """);

        [Fact]
        public Task AfterEarlyReturn_AddsTheReleaseBeforeTheReturnAndKeepsIt() => Verify.FixAsync("""
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

                    _pending.Clear();
                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
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
                        _gate?.Dispose();
                        return;
                    }

                    _pending.Clear();
                    _gate.Dispose();
                }
            }
            """);

        /// <summary>
        /// Issue 20, a real driver: the release follows a wait on the primitive. Hoisted above the early return it would
        /// dispose the event before the wait (ObjectDisposedException on every Dispose of an open device, and the driver
        /// never released). The release stays after the wait; the early return's path gains its own, in a new block.
        /// </summary>
        [Fact]
        public Task EarlyReturnBeforeAWait_ReleaseStaysAfterTheWaitAndTheReturnGainsOne() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Device : IDisposable
            {
                private readonly ManualResetEventSlim callbackIdle = new ManualResetEventSlim(true);
                private object driver = new object();

                public void Dispose()
                {
                    if (driver is null)
                        return;

                    callbackIdle.Wait(TimeSpan.FromSeconds(1));
                    driver = null;
                    {|LCK005:callbackIdle.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Device : IDisposable
            {
                private readonly ManualResetEventSlim callbackIdle = new ManualResetEventSlim(true);
                private object driver = new object();

                public void Dispose()
                {
                    if (driver is null)
                    {
                        callbackIdle?.Dispose();
                        return;
                    }

                    callbackIdle.Wait(TimeSpan.FromSeconds(1));
                    driver = null;
                    callbackIdle.Dispose();
                }
            }
            """);

        [Fact]
        public Task TwoEarlyReturns_EachGainsTheRelease() => Verify.FixAsync("""
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
                        return;

                    _pending.Clear();
                    if (_retries > 3)
                    {
                        Console.WriteLine("giving up");
                        return;
                    }

                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
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

                    _pending.Clear();
                    if (_retries > 3)
                    {
                        Console.WriteLine("giving up");
                        _gate?.Dispose();
                        return;
                    }

                    _gate.Dispose();
                }
            }
            """);

        /// <summary>A disposed-flag early return is a guard (SPEC): it gets nothing; the other early return gets the release.</summary>
        [Fact]
        public Task GuardEarlyReturnThenOtherEarlyReturn_OnlyTheOtherGainsTheRelease() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();
                private bool _disposed;

                public void Dispose()
                {
                    if (_disposed)
                        return;

                    _disposed = true;
                    if (_pending.Count > 0)
                        return;

                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();
                private bool _disposed;

                public void Dispose()
                {
                    if (_disposed)
                        return;

                    _disposed = true;
                    if (_pending.Count > 0)
                    {
                        _gate?.Dispose();
                        return;
                    }

                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task GuardEarlyReturnsOnly_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim? _gate = new SemaphoreSlim(1);
                private int _disposed;

                public void Dispose()
                {
                    if (Interlocked.Exchange(ref _disposed, 1) != 0)
                        return;

                    if (_gate is null)
                        return;

                    _gate.Wait();
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task EarlyReturnInsideLock_GainsTheReleaseInsideTheLock() => Verify.FixAsync("""
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
                        if (_pending.Count > 0)
                        {
                            return;
                        }

                        _pending.Clear();
                    }

                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
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
                        if (_pending.Count > 0)
                        {
                            _gate?.Dispose();
                            return;
                        }

                        _pending.Clear();
                    }

                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task EarlyReturnInsideTryAndNestedIf_GainsTheRelease() => Verify.FixAsync("""
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
                    try
                    {
                        if (_retries > 0)
                        {
                            if (_pending.Count > 0)
                                return;

                            _pending.Clear();
                        }
                    }
                    finally
                    {
                        Console.WriteLine("flushed");
                    }

                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
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
                    try
                    {
                        if (_retries > 0)
                        {
                            if (_pending.Count > 0)
                            {
                                _gate?.Dispose();
                                return;
                            }

                            _pending.Clear();
                        }
                    }
                    finally
                    {
                        Console.WriteLine("flushed");
                    }

                    _gate.Dispose();
                }
            }
            """);

        /// <summary>The return leaves through a finally that releases the semaphore: disposed before it, the finally would throw. No fix.</summary>
        [Fact]
        public Task EarlyReturnThroughAFinallyThatUsesThePrimitive_NoFix()
        {
            var source = """
                using System;
                using System.Collections.Generic;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private readonly List<string> _pending = new List<string>();

                    public void Dispose()
                    {
                        _gate.Wait();
                        try
                        {
                            if (_pending.Count > 0)
                                return;

                            _pending.Clear();
                        }
                        finally
                        {
                            _gate.Release();
                        }

                        {|LCK005:_gate.Dispose()|};
                    }
                }
                """;
            return Verify.FixAsync(source, source);
        }

        /// <summary>
        /// Issue 20's `DisposeAsyncCore`: the first run returns the base's task, so a release after that return runs only
        /// on later calls. The release goes before the `return DisposeAsyncBase();` (the first run releases); the one after
        /// stays, harmless on a later call since a managed Dispose is idempotent.
        /// </summary>
        [Fact]
        public Task FirstRunReturnOfATask_GainsTheReleaseBeforeIt() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _isDisposed;

                public ValueTask DisposeAsync() => DisposeAsyncCore();

                private ValueTask DisposeAsyncCore()
                {
                    if (Interlocked.CompareExchange(ref _isDisposed, 1, 0) == 0)
                        return DisposeAsyncBase();

                    {|LCK005:_gate.Dispose()|};
                    return default;
                }

                private ValueTask DisposeAsyncBase()
                {
                    Console.WriteLine("closing");
                    return default;
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _isDisposed;

                public ValueTask DisposeAsync() => DisposeAsyncCore();

                private ValueTask DisposeAsyncCore()
                {
                    if (Interlocked.CompareExchange(ref _isDisposed, 1, 0) == 0)
                    {
                        _gate?.Dispose();
                        return DisposeAsyncBase();
                    }

                    _gate.Dispose();
                    return default;
                }

                private ValueTask DisposeAsyncBase()
                {
                    Console.WriteLine("closing");
                    return default;
                }
            }
            """);

        /// <summary>The returned task goes on to wait on the semaphore: it cannot be released before that return. No fix.</summary>
        [Fact]
        public Task ReturnedTaskUsesThePrimitive_NoFix()
        {
            var source = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class Channel : IAsyncDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                    private int _isDisposed;

                    public ValueTask DisposeAsync() => DisposeAsyncCore();

                    private ValueTask DisposeAsyncCore()
                    {
                        if (Interlocked.CompareExchange(ref _isDisposed, 1, 0) == 0)
                            return DrainAsync();

                        {|LCK005:_gate.Dispose()|};
                        return default;
                    }

                    private ValueTask DrainAsync() => new ValueTask(_gate.WaitAsync());
                }
                """;
            return Verify.FixAsync(source, source);
        }

        [Fact]
        public Task ReleaseInHelperCalledConditionally_AddsReleaseAfterTheIf() => Verify.FixAsync("""
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
            """, """
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

                    _gate?.Dispose();
                }

                private void Cleanup() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task FixAll_TwoReleasesUnderOneIf_OneEdit() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        {|LCK005:_gate.Dispose()|};
                        {|LCK005:_lock.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private int _openCount;

                public void Dispose()
                {
                    _gate?.Dispose();
                    _lock?.Dispose();
                }
            }
            """);

        /// <summary>Fix All over two fields after the same early return: one block, both releases, in field order.</summary>
        [Fact]
        public Task FixAll_TwoFieldsAfterOneEarlyReturn_BothBeforeIt() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count > 0)
                        return;

                    {|LCK005:_gate.Dispose()|};
                    {|LCK005:_lock.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        _gate?.Dispose();
                        _lock?.Dispose();
                        return;
                    }

                    _gate.Dispose();
                    _lock.Dispose();
                }
            }
            """);

        /// <summary>The release goes through a local copy declared after the return: the return's path names the field.</summary>
        [Fact]
        public Task ReleaseThroughALocalCopy_TheReturnGainsTheFieldsRelease() => Verify.FixAsync("""
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
                        return;

                    var gate = _gate;
                    {|LCK005:gate.Dispose()|};
                }
            }
            """, """
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
                        _gate?.Dispose();
                        return;
                    }

                    var gate = _gate;
                    gate.Dispose();
                }
            }
            """);

        /// <summary>The release already runs on its branch's return: it stays there, and the path that goes on gains one.</summary>
        [Fact]
        public Task ReleaseBeforeAReturnInsideTheIf_StaysAndTheOtherPathGainsOne() => Verify.FixAsync("""
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
                        Console.WriteLine("busy");
                        {|LCK005:_gate.Dispose()|};
                        return;
                    }

                    _pending.Clear();
                }
            }
            """, """
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
                        Console.WriteLine("busy");
                        _gate.Dispose();
                        return;
                    }

                    _pending.Clear();
                    _gate?.Dispose();
                }
            }
            """);
    }
}
