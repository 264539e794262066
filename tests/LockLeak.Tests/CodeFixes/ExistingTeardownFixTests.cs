using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// Issue 20, deliverable 3: the fix completes the type's own teardown in place. The missing delete goes
    /// immediately before the existing free, inside the same guard, block, `finally` or `lock`; a missing free goes
    /// after the existing delete and before the reset; a helper several paths call is edited once.
    /// </summary>
    public partial class ExistingTeardownFixTests
    {
        [Fact]
        public Task FreeInsideTheStorageCheck_DeleteGoesBeforeItInsideTheCheck() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    {|LCK003:pthread_mutex_init(_mutex, null)|};
                }

                public void Dispose()
                {
                    if (_mutex != null)
                    {
                        NativeMemory.Free(_mutex);
                        _mutex = null;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    pthread_mutex_init(_mutex, null);
                }

                public void Dispose()
                {
                    if (_mutex != null)
                    {
                        pthread_mutex_destroy(_mutex);
                        NativeMemory.Free(_mutex);
                        _mutex = null;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);
            }
            """);

        [Fact]
        public Task DeleteWithoutFree_FreeGoesAfterTheDeleteAndBeforeTheReset() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task ResetOnly_GuardedReleaseGoesBeforeTheReset() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private nint _section;

                public Gate()
                {
                    _section = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(_section)|};
                }

                public void Dispose()
                {
                    _section = 0;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private nint _section;

                public Gate()
                {
                    _section = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_section);
                }

                public void Dispose()
                {
                    if (_section != 0)
                    {
                        DeleteCriticalSection(_section);
                        Marshal.FreeHGlobal(_section);
                        _section = 0;
                    }

                    _section = 0;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint section);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint section);
            }
            """);

        [Fact]
        public Task FreeInFinally_DeleteGoesBeforeItInTheFinally() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    try
                    {
                        GC.SuppressFinalize(this);
                    }
                    finally
                    {
                        if (_mutex != IntPtr.Zero)
                        {
                            Marshal.FreeHGlobal(_mutex);
                            _mutex = IntPtr.Zero;
                        }
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    try
                    {
                        GC.SuppressFinalize(this);
                    }
                    finally
                    {
                        if (_mutex != IntPtr.Zero)
                        {
                            pthread_mutex_destroy(_mutex);
                            Marshal.FreeHGlobal(_mutex);
                            _mutex = IntPtr.Zero;
                        }
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task FreeInsideLock_DeleteGoesBeforeItInsideTheLock() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly object _sync = new object();
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    lock (_sync)
                    {
                        if (_mutex != IntPtr.Zero)
                        {
                            Marshal.FreeHGlobal(_mutex);
                            _mutex = IntPtr.Zero;
                        }
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly object _sync = new object();
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    lock (_sync)
                    {
                        if (_mutex != IntPtr.Zero)
                        {
                            pthread_mutex_destroy(_mutex);
                            Marshal.FreeHGlobal(_mutex);
                            _mutex = IntPtr.Zero;
                        }
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task InterlockedExchange_DeleteGoesOnTheExchangedValueBeforeItsFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    var block = Interlocked.Exchange(ref _mutex, IntPtr.Zero);
                    if (block != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(block);
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    var block = Interlocked.Exchange(ref _mutex, IntPtr.Zero);
                    if (block != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(block);
                        Marshal.FreeHGlobal(block);
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task CleanupCalledFromDisposeAndFinalizer_IsEditedOnceInTheHelper() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    Cleanup();
                    GC.SuppressFinalize(this);
                }

                ~Gate()
                {
                    Cleanup();
                }

                private void Cleanup()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    Cleanup();
                    GC.SuppressFinalize(this);
                }

                ~Gate()
                {
                    Cleanup();
                }

                private void Cleanup()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task BothPathsFree_EachGetsTheDeleteBeforeItsFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            sealed class Gate : IDisposable, IAsyncDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                public ValueTask DisposeAsync()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    return default;
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            sealed class Gate : IDisposable, IAsyncDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                public ValueTask DisposeAsync()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    return default;
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task DisposedFlagEarlyReturn_DeleteGoesBeforeTheFreeUnderTheFlag() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex;
                private bool _disposed;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _disposed = true;
                    Marshal.FreeHGlobal(_mutex);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex;
                private bool _disposed;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _disposed = true;
                    pthread_mutex_destroy(_mutex);
                    Marshal.FreeHGlobal(_mutex);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task ReleaseHandleFreesAField_DeleteGoesBeforeTheFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : SafeHandle
            {
                private IntPtr _mutex;

                public Gate()
                    : base(IntPtr.Zero, true)
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                    SetHandle(_mutex);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    return true;
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : SafeHandle
            {
                private IntPtr _mutex;

                public Gate()
                    : base(IntPtr.Zero, true)
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                    SetHandle(_mutex);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    return true;
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task TwoLocksInOneBlock_BothDeletesGoBeforeTheFreeOfTheBlock() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;
                private IntPtr _cond;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(128);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                    _cond = _mutex + 64;
                    {|LCK003:pthread_cond_init(_cond, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                        _cond = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(IntPtr cond);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;
                private IntPtr _cond;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                    _cond = _mutex + 64;
                    pthread_cond_init(_cond, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        pthread_cond_destroy(_cond);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                        _cond = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(IntPtr cond);
            }
            """);

        [Fact]
        public Task ConditionVariableInTheMutexBlock_DeleteGoesAfterTheMutexDeleteAndBeforeTheFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;
                private IntPtr _cond;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                    _cond = _mutex + 64;
                    {|LCK003:pthread_cond_init(_cond, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                        _cond = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(IntPtr cond);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;
                private IntPtr _cond;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                    _cond = _mutex + 64;
                    pthread_cond_init(_cond, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        pthread_cond_destroy(_cond);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                        _cond = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(IntPtr cond);
            }
            """);

        [Fact]
        public Task FreeOfALocalCopy_DeleteGoesOnTheCopyBeforeItsFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    var memory = _mutex;
                    if (memory != IntPtr.Zero)
                    {
                        _mutex = IntPtr.Zero;
                        Marshal.FreeHGlobal(memory);
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    var memory = _mutex;
                    if (memory != IntPtr.Zero)
                    {
                        _mutex = IntPtr.Zero;
                        pthread_mutex_destroy(memory);
                        Marshal.FreeHGlobal(memory);
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);
    }
}
