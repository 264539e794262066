using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// SPEC: a release counts only while the lock is still there. A delete the path already makes after the free or the
    /// reset, or a Dispose after `= null`, moves to where it belongs; where it is no statement of its own, no fix.
    /// </summary>
    public partial class ExistingTeardownFixTests
    {
        [Fact]
        public Task LateDeleteAfterGuardedFree_MovesBeforeTheFreeInsideTheCheck() => Verify.FixAsync("""
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
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    pthread_mutex_destroy(_mutex);
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
        public Task LateDeleteRightAfterTheFree_PointerStorage_MovesBeforeTheFree() => Verify.FixAsync("""
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
                        pthread_mutex_destroy(_mutex);
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
        public Task LateDeleteAfterResetToZero_MovesBeforeTheFreeOfTheCopy() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    var memory = _cs;
                    _cs = IntPtr.Zero;
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(memory);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    var memory = _cs;
                    _cs = IntPtr.Zero;
                    DeleteCriticalSection(memory);
                    Marshal.FreeHGlobal(memory);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task LateDeleteAfterResetToZero_NothingFreed_MovesBeforeTheReset() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    if (_cs != IntPtr.Zero)
                    {
                        _cs = IntPtr.Zero;
                        DeleteCriticalSection(_cs);
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    if (_cs != IntPtr.Zero)
                    {
                        DeleteCriticalSection(_cs);
                        Marshal.FreeHGlobal(_cs);
                        _cs = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task LateDeleteInsideIfDisposing_MovesBeforeTheFreeInTheSameBlock() => Verify.FixAsync("""
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
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing && _mutex != IntPtr.Zero)
                    {
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                        pthread_mutex_destroy(_mutex);
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
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing && _mutex != IntPtr.Zero)
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
        public Task TwoLateDeletes_FixAllMovesEachBeforeItsFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;
                private void* _cond;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    {|LCK003:pthread_mutex_init(_mutex, null)|};
                    _cond = NativeMemory.Alloc(64);
                    {|LCK003:pthread_cond_init(_cond, null)|};
                }

                public void Dispose()
                {
                    if (_mutex != null)
                    {
                        NativeMemory.Free(_mutex);
                        _mutex = null;
                    }

                    if (_cond != null)
                    {
                        NativeMemory.Free(_cond);
                        _cond = null;
                    }

                    pthread_cond_destroy(_cond);
                    pthread_mutex_destroy(_mutex);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(void* cond, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(void* cond);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;
                private void* _cond;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    pthread_mutex_init(_mutex, null);
                    _cond = NativeMemory.Alloc(64);
                    pthread_cond_init(_cond, null);
                }

                public void Dispose()
                {
                    if (_mutex != null)
                    {
                        pthread_mutex_destroy(_mutex);
                        NativeMemory.Free(_mutex);
                        _mutex = null;
                    }

                    if (_cond != null)
                    {
                        pthread_cond_destroy(_cond);
                        NativeMemory.Free(_cond);
                        _cond = null;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_init(void* cond, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(void* cond);
            }
            """);

        [Fact]
        public Task LateDeleteInsideACondition_NoFixOffered()
        {
            const string source = """
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
                            Marshal.FreeHGlobal(_mutex);
                            if (pthread_mutex_destroy(_mutex) != 0)
                            {
                                throw new InvalidOperationException();
                            }

                            _mutex = IntPtr.Zero;
                        }
                    }

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                    [DllImport("libc")]
                    private static extern int pthread_mutex_destroy(IntPtr mutex);
                }
                """;
            return Verify.FixAsync(source, source);
        }

        [Fact]
        public Task LateDisposeAfterSettingItToNull_MovesBeforeTheReset() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                public void Dispose()
                {
                    _gate = null!;
                    _gate?.Dispose();
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private Semaphore _gate = new Semaphore(1, 1);

                public void Dispose()
                {
                    _gate?.Dispose();
                    _gate = null!;
                }
            }
            """);

        [Fact]
        public Task LateDisposeInsideIfDisposing_MovesBeforeTheResetInTheSameBlock() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate = null!;
                        // Last, once nothing can reach it.
                        _gate?.Dispose();
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private Semaphore _gate = new Semaphore(1, 1);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        // Last, once nothing can reach it.
                        _gate?.Dispose();
                        _gate = null!;
                    }
                }
            }
            """);

        [Fact]
        public Task LateDisposeInAnExpressionBodiedHelper_NoFixOffered()
        {
            const string source = """
                using System;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                    public void Dispose()
                    {
                        _gate = null!;
                        Release();
                    }

                    private void Release() => _gate?.Dispose();
                }
                """;
            return Verify.FixAsync(source, source);
        }
    

        [Fact]
        public Task LateDeletesInDisposeAndFinalizer_BothMove() => Verify.FixAsync("""
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
                        pthread_mutex_destroy(_mutex);
                        _mutex = null;
                    }

                    GC.SuppressFinalize(this);
                }

                ~Gate()
                {
                    if (_mutex != null)
                    {
                        NativeMemory.Free(_mutex);
                        pthread_mutex_destroy(_mutex);
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

                    GC.SuppressFinalize(this);
                }

                ~Gate()
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
        public Task LateDeleteAfterExchange_MovesBeforeTheFreeOfTheExchangedValue() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                    if (memory != IntPtr.Zero)
                    {
                        DeleteCriticalSection(_cs);
                        Marshal.FreeHGlobal(memory);
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private IntPtr _cs;

                public Gate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                    if (memory != IntPtr.Zero)
                    {
                        DeleteCriticalSection(memory);
                        Marshal.FreeHGlobal(memory);
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);
    

        // The emptied `finally` stays: unwrapping the `try` is left to the author (it may hold edits of its own).
        [Fact]
        public Task LateDeleteInFinally_MovesBeforeTheFreeInTheHelper_TheFinallyStaysEmpty() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _cs;

                public Gate()
                {
                    _cs = NativeMemory.Alloc(64);
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    try
                    {
                        Cleanup();
                    }
                    finally
                    {
                        DeleteCriticalSection(_cs);
                    }
                }

                private void Cleanup()
                {
                    NativeMemory.Free(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(void* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(void* cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _cs;

                public Gate()
                {
                    _cs = NativeMemory.Alloc(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    try
                    {
                        Cleanup();
                    }
                    finally
                    {
                    }
                }

                private void Cleanup()
                {
                    DeleteCriticalSection(_cs);
                    NativeMemory.Free(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(void* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(void* cs);
            }
            """);
    }
}
