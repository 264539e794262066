using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// The LCK003 fix writes code that is safe to run, not only code that compiles (SPEC, "Code fixes"): a second
    /// Dispose, or the finalizer after a Dispose, must not destroy or free the lock again, and the release must
    /// compile against the field and P/Invoke types as declared.
    /// </summary>
    public class NativeReleaseSafetyTests
    {
        [Fact]
        public Task NoDispose_PointerField_ReleaseGuardedAndReset() => Verify.FixAsync("""
            using System.Runtime.InteropServices;

            unsafe class Gate
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    {|LCK003:pthread_mutex_init(_mutex, null)|};
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            unsafe class Gate : IDisposable
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = NativeMemory.Alloc(64);
                    pthread_mutex_init(_mutex, null);
                }

                ~Gate() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
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
        public Task ReadonlyIntPtrWithNativeMemory_FlagGuardsAndCastsToVoidPointer() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate
            {
                private readonly IntPtr _mutex = (IntPtr)NativeMemory.Alloc(64);

                public Gate()
                {
                    {|LCK003:pthread_mutex_init((void*)_mutex, null)|};
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
                private readonly IntPtr _mutex = (IntPtr)NativeMemory.Alloc(64);
                private bool _disposed;

                public Gate()
                {
                    pthread_mutex_init((void*)_mutex, null);
                }

                ~Gate() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                private void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        pthread_mutex_destroy((void*)_mutex);
                        NativeMemory.Free((void*)_mutex);
                        _disposed = true;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(void* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(void* mutex);
            }
            """);

        [Fact]
        public Task PointerFieldWithIntPtrImport_CastsToIntPtrForDestroyAndFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = (void*)Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init((IntPtr)_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed unsafe class Gate : IDisposable
            {
                private void* _mutex;

                public Gate()
                {
                    _mutex = (void*)Marshal.AllocHGlobal(64);
                    pthread_mutex_init((IntPtr)_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (_mutex != null)
                    {
                        pthread_mutex_destroy((IntPtr)_mutex);
                        Marshal.FreeHGlobal((IntPtr)_mutex);
                        _mutex = null;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task CreatedUnderPlatformCheck_ReleasedUnderTheSameCheck() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossPlatformGate : IDisposable
            {
                private IntPtr _handle;
                private IntPtr _mutex;

                public CrossPlatformGate()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _handle = {|LCK003:CreateMutex(IntPtr.Zero, false, null)|};
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossPlatformGate : IDisposable
            {
                private IntPtr _handle;
                private IntPtr _mutex;

                public CrossPlatformGate()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _handle = CreateMutex(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_mutex, IntPtr.Zero);
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsWindows() && _handle != IntPtr.Zero)
                    {
                        CloseHandle(_handle);
                        _handle = IntPtr.Zero;
                    }

                    if (!OperatingSystem.IsWindows() && _mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        [Fact]
        public Task StructWithReleaseMethod_DisposeCallsIt() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            struct NativeMutex
            {
                private IntPtr _handle;
                private IntPtr _mutex;

                public NativeMutex(bool unused)
                {
                    _handle = IntPtr.Zero;
                    _mutex = IntPtr.Zero;
                    if (OperatingSystem.IsWindows())
                    {
                        _handle = {|LCK003:CreateMutex(IntPtr.Zero, false, null)|};
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                    }
                }

                public void Release()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_handle);
                    }
                    else
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            struct NativeMutex : IDisposable
            {
                private IntPtr _handle;
                private IntPtr _mutex;

                public NativeMutex(bool unused)
                {
                    _handle = IntPtr.Zero;
                    _mutex = IntPtr.Zero;
                    if (OperatingSystem.IsWindows())
                    {
                        _handle = CreateMutex(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _mutex = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_mutex, IntPtr.Zero);
                    }
                }

                public void Dispose() => Release();

                public void Release()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_handle);
                    }
                    else
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);
    }
}
