using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// Correct code in the shapes real libraries use: every rule must stay silent on all of it.
    /// A diagnostic here is a false alarm, the costliest kind of bug for an analyzer that fails builds.
    /// </summary>
    public class ValidCodeTests
    {
        [Fact]
        public Task AsyncLockWithReleaser_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class AsyncLock : IDisposable
            {
                private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1, 1);

                public async Task<Releaser> LockAsync(CancellationToken cancellationToken = default)
                {
                    await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
                    return new Releaser(this);
                }

                public void Dispose() => _semaphore.Dispose();

                public readonly struct Releaser : IDisposable
                {
                    private readonly AsyncLock _owner;

                    internal Releaser(AsyncLock owner) => _owner = owner;

                    public void Dispose() => _owner?._semaphore.Release();
                }
            }

            public sealed class Repository : IDisposable
            {
                private readonly AsyncLock _lock = new AsyncLock();

                public async Task SaveAsync()
                {
                    using (await _lock.LockAsync())
                    {
                        await Task.Yield();
                    }
                }

                public void Dispose() => _lock.Dispose();
            }
            """);

        [Fact]
        public Task CacheWithDisposePatternAndDisposedFlag_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            public class Cache<TKey, TValue> : IDisposable where TKey : notnull
            {
                private readonly Dictionary<TKey, TValue> _items = new Dictionary<TKey, TValue>();
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
                private bool _disposed;

                public bool TryGet(TKey key, out TValue value)
                {
                    _lock.EnterReadLock();
                    try
                    {
                        return _items.TryGetValue(key, out value!);
                    }
                    finally
                    {
                        _lock.ExitReadLock();
                    }
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (disposing)
                    {
                        _lock.Dispose();
                    }

                    _disposed = true;
                }
            }
            """);

        [Fact]
        public Task InterlockedSwapThenDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            public sealed class Signal : IDisposable
            {
                private ManualResetEventSlim? _event = new ManualResetEventSlim(false);
                private CountdownEvent? _countdown;

                public Signal(int participants)
                {
                    _countdown = new CountdownEvent(participants);
                }

                public void Dispose()
                {
                    var ev = Interlocked.Exchange(ref _event, null);
                    ev?.Dispose();

                    var countdown = _countdown;
                    _countdown = null;
                    countdown?.Dispose();
                }
            }
            """);

        [Fact]
        public Task StreamOverrideAndAsyncDisposeCore_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;

            public class ThrottledStream : MemoryStream
            {
                private readonly SemaphoreSlim _writeGate = new SemaphoreSlim(1);

                protected override void Dispose(bool disposing)
                {
                    try
                    {
                        if (disposing)
                        {
                            _writeGate.Dispose();
                        }
                    }
                    finally
                    {
                        base.Dispose(disposing);
                    }
                }
            }

            public class Connection : IAsyncDisposable, IDisposable
            {
                private readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore().ConfigureAwait(false);
                    Dispose(false);
                    GC.SuppressFinalize(this);
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    _sendLock.Dispose();
                    return default;
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _sendLock.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task StripesReleasedWithArrayForEach_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Linq;
            using System.Threading;

            public sealed class StripedLock : IDisposable
            {
                private readonly SemaphoreSlim[] _stripes;

                public StripedLock(int count)
                {
                    _stripes = Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
                }

                public SemaphoreSlim For(object key) => _stripes[(key.GetHashCode() & int.MaxValue) % _stripes.Length];

                public void Dispose() => Array.ForEach(_stripes, s => s.Dispose());
            }
            """);

        [Fact]
        public Task BorrowedAndLazilyCreatedPrimitives_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;
            using System.Threading.Tasks;

            public class Throttler
            {
                private readonly SemaphoreSlim _semaphore;
                private SemaphoreSlim? _lazy;
                private readonly WaitHandle _completion;

                public Throttler(SemaphoreSlim semaphore, Task work)
                {
                    _semaphore = semaphore;
                    _completion = ((System.IAsyncResult)work).AsyncWaitHandle;
                }

                public SemaphoreSlim Lazy
                {
                    get
                    {
                        if (_lazy is null)
                        {
                            Interlocked.CompareExchange(ref _lazy, new SemaphoreSlim(1), null);
                        }

                        return _lazy!;
                    }
                }

                public async Task RunAsync()
                {
                    using var done = new ManualResetEventSlim();
                    await _semaphore.WaitAsync();
                    try
                    {
                        done.Set();
                    }
                    finally
                    {
                        _semaphore.Release();
                    }
                }
            }
            """);

        [Fact]
        public Task SafeHandleOverNativeEvent_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            internal sealed class EventHandle : SafeHandle
            {
                public EventHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    SetHandle(NativeMethods.CreateEventW(IntPtr.Zero, true, false, null));
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle() => NativeMethods.CloseHandle(handle);
            }

            internal static class NativeMethods
            {
                [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
                public static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32", SetLastError = true)]
                [return: MarshalAs(UnmanagedType.Bool)]
                public static extern bool CloseHandle(IntPtr handle);
            }

            public sealed class Notifier : IDisposable
            {
                private readonly EventHandle _event = new EventHandle();

                public void Dispose() => _event.Dispose();
            }
            """);

        [Fact]
        public Task EnumStateMachineAndOwnershipFlag_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            public enum State { Created, Running, Stopped }

            public sealed class Worker : IDisposable
            {
                private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                private readonly Mutex _single;
                private readonly bool _ownsMutex;
                private State _state;

                public Worker(Mutex? shared)
                {
                    _ownsMutex = shared is null;
                    _single = shared ?? new Mutex();
                }

                public void Dispose()
                {
                    switch (_state)
                    {
                        case State.Stopped:
                            return;
                        default:
                            _state = State.Stopped;
                            break;
                    }

                    _wake.Close();
                    if (_ownsMutex)
                    {
                        _single.Dispose();
                    }
                }
            }
            """);
    }
}
