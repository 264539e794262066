using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>The LCK003 fix: the native release (and free) in the right place, with the Dispose pattern and P/Invoke it needs.</summary>
    public class DeleteNativeLockCodeFixTests
    {
        private const string CriticalSectionStruct = """

            struct CRITICAL_SECTION
            {
                public IntPtr DebugInfo;
                public int LockCount;
                public int RecursionCount;
                public IntPtr OwningThread;
                public IntPtr LockSemaphore;
                public UIntPtr SpinCount;
            }
            """;

        [Fact]
        public Task DisposeBool_ReleaseDeclared_InsertsOutsideIfDisposing() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                    }

                    if (disposing)
                    {
                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NoReleaseMethod_DeclarationMissing_AddsPatternFinalizerAndDllImport() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Enter() => EnterCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void EnterCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                ~StoreObject() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }
                }

                public void Enter() => EnterCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void EnterCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task FinalizerOnly_IntPtrWithMemory_DeletesFreesAndZeroes() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                ~StoreObject()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                ~StoreObject()
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
        public Task NoReleaseMethod_SealedClass_PrivateDisposeBool() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSectionAndSpinCount(ref _cs, 4000)|};
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(ref CRITICAL_SECTION cs, int spinCount);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSectionAndSpinCount(ref _cs, 4000);
                }

                ~StoreObject() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                private void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(ref CRITICAL_SECTION cs, int spinCount);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NoReleaseMethod_Struct_DisposeWithoutFinalizer() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            struct StoreLock
            {
                private nint _cs;

                public StoreLock(int spinCount)
                {
                    _cs = Marshal.AllocCoTaskMem(64);
                    {|LCK003:InitializeCriticalSectionAndSpinCount(_cs, spinCount)|};
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(nint cs, int spinCount);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            struct StoreLock : IDisposable
            {
                private nint _cs;

                public StoreLock(int spinCount)
                {
                    _cs = Marshal.AllocCoTaskMem(64);
                    InitializeCriticalSectionAndSpinCount(_cs, spinCount);
                }

                public void Dispose()
                {
                    if (_cs != 0)
                    {
                        DeleteCriticalSection(_cs);
                        Marshal.FreeCoTaskMem(_cs);
                        _cs = 0;
                    }
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(nint cs, int spinCount);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint cs);
            }
            """);

        [Fact]
        public Task DisposeOnly_ExpressionBodied_BecomesBlockBeforeSuppressFinalize() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                public void {|#0:Dispose|}() => GC.SuppressFinalize(this);

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    if (_event != IntPtr.Zero)
                    {
                        CloseHandle(_event);
                        _event = IntPtr.Zero;
                    }

                    GC.SuppressFinalize(this);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task DisposeOnly_Block_InsertsBeforeSuppressFinalize_UsesNativeMethods() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private IntPtr _mutex;

                public StoreObject()
                {
                    _mutex = {|LCK003:NativeMethods.CreateMutex(IntPtr.Zero, false, null)|};
                }

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    GC.SuppressFinalize(this);
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                internal static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32", SetLastError = true)]
                internal static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private IntPtr _mutex;

                public StoreObject()
                {
                    _mutex = NativeMethods.CreateMutex(IntPtr.Zero, false, null);
                }

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    if (_mutex != IntPtr.Zero)
                    {
                        NativeMethods.CloseHandle(_mutex);
                        _mutex = IntPtr.Zero;
                    }

                    GC.SuppressFinalize(this);
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                internal static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32", SetLastError = true)]
                internal static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeMethodsWithoutRelease_DeclarationAddedThere() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex = Marshal.AllocHGlobal(64);

                public Gate()
                {
                    {|LCK003:NativeMethods.pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                }
            }

            static class NativeMethods
            {
                [DllImport("libc", SetLastError = true)]
                internal static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex = Marshal.AllocHGlobal(64);
                private bool _disposed;

                public Gate()
                {
                    NativeMethods.pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        NativeMethods.pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _disposed = true;
                    }
                }
            }

            static class NativeMethods
            {
                [DllImport("libc", SetLastError = true)]
                internal static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                internal static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);

        // A row added to the native table is all a new API needs: the fix declares its release with the row's signature
        // (pthread_spin_destroy takes the lock's address and returns int).
        [Fact]
        public Task PthreadSpinLock_DeclarationMissing_DestroyDeclaredFromTheTable() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class SpinGate : IDisposable
            {
                private IntPtr _spin = Marshal.AllocHGlobal(8);

                public SpinGate()
                {
                    {|LCK003:pthread_spin_init(_spin, 0)|};
                }

                public void Dispose()
                {
                }

                [DllImport("libc")]
                private static extern int pthread_spin_init(IntPtr spin, int shared);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class SpinGate : IDisposable
            {
                private IntPtr _spin = Marshal.AllocHGlobal(8);

                public SpinGate()
                {
                    pthread_spin_init(_spin, 0);
                }

                public void Dispose()
                {
                    if (_spin != IntPtr.Zero)
                    {
                        pthread_spin_destroy(_spin);
                        Marshal.FreeHGlobal(_spin);
                        _spin = IntPtr.Zero;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_spin_init(IntPtr spin, int shared);

                [DllImport("libc")]
                private static extern int pthread_spin_destroy(IntPtr spin);
            }
            """);

        [Fact]
        public Task PointerWithNativeMemory_DeleteFreeAndNull() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe class StoreObject : IDisposable
            {
                private CRITICAL_SECTION* _cs;

                public StoreObject()
                {
                    _cs = (CRITICAL_SECTION*)NativeMemory.AllocZeroed((nuint)sizeof(CRITICAL_SECTION));
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            unsafe class StoreObject : IDisposable
            {
                private CRITICAL_SECTION* _cs;

                public StoreObject()
                {
                    _cs = (CRITICAL_SECTION*)NativeMemory.AllocZeroed((nuint)sizeof(CRITICAL_SECTION));
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (_cs != null)
                    {
                        DeleteCriticalSection(_cs);
                        NativeMemory.Free(_cs);
                        _cs = null;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DeletedButNotFreed_AddsOnlyTheFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs = Marshal.AllocHGlobal(64);

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(_cs)|};
                }

                public void Dispose()
                {
                    DeleteCriticalSection(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs = Marshal.AllocHGlobal(64);

                public StoreObject()
                {
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    DeleteCriticalSection(_cs);
                    if (_cs != IntPtr.Zero)
                    {
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
        public Task BaseWithVirtualDisposeBool_AddsOverrideOutsideDisposing() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            abstract class StoreBase : IDisposable
            {
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                }
            }

            class StoreObject : StoreBase
            {
                private sem_t _sem;

                public StoreObject()
                {
                    {|LCK003:sem_init(ref _sem, 0, 1)|};
                }

                [DllImport("libc")]
                private static extern int sem_init(ref sem_t sem, int shared, uint value);
            }

            struct sem_t
            {
                public long A, B, C, D;
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            abstract class StoreBase : IDisposable
            {
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                }
            }

            class StoreObject : StoreBase
            {
                private sem_t _sem;
                private bool _disposed;

                public StoreObject()
                {
                    sem_init(ref _sem, 0, 1);
                }

                protected override void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        sem_destroy(ref _sem);
                        _disposed = true;
                    }

                    base.Dispose(disposing);
                }

                [DllImport("libc")]
                private static extern int sem_init(ref sem_t sem, int shared, uint value);

                [DllImport("libc")]
                private static extern int sem_destroy(ref sem_t sem);
            }

            struct sem_t
            {
                public long A, B, C, D;
            }
            """);

        [Fact]
        public Task DisposeAsyncOnly_ReleasesThereAndInNewFinalizer() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            sealed class StoreObject : IAsyncDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public ValueTask DisposeAsync()
                {
                    return default;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            sealed class StoreObject : IAsyncDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                ~StoreObject()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }
                }

                public ValueTask DisposeAsync()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }

                    GC.SuppressFinalize(this);
                    return default;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DisposeAsyncCoreOnly_DisposeAsyncAlreadySuppressesFinalize_NoSecondSuppress() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            class StoreObject : IAsyncDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                async ValueTask IAsyncDisposable.DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    return default;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            class StoreObject : IAsyncDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                async ValueTask IAsyncDisposable.DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                ~StoreObject()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }

                    return default;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task ReleaseHandle_DeleteGoesBeforeTheExistingFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    handle = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(handle)|};
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    Marshal.FreeHGlobal(handle);
                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    handle = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(handle);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    DeleteCriticalSection(handle);
                    Marshal.FreeHGlobal(handle);
                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        /// <summary>
        /// Tests do not run the interop source generator. A partial method with no access modifier and a void
        /// result needs no implementation part, so that LibraryImport style compiles both before and after the fix.
        /// </summary>
        [Fact]
        public Task LibraryImport_DeclarationMissing_AddsLibraryImportDeclaration() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed partial class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Dispose()
                {
                }

                [LibraryImport("kernel32")]
                static partial void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            sealed partial class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _cs);
                        _disposed = true;
                    }
                }

                [LibraryImport("kernel32")]
                static partial void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [LibraryImport("kernel32")]
                static partial void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task LibraryImport_DeclarationPresentWithEntryPoint_CallsIt() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            partial class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitLock(ref _cs)|};
                }

                [LibraryImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                static partial void InitLock(ref CRITICAL_SECTION cs);

                [LibraryImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                static partial void FreeLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            partial class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _disposed;

                public StoreObject()
                {
                    InitLock(ref _cs);
                }

                ~StoreObject() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        FreeLock(ref _cs);
                        _disposed = true;
                    }
                }

                [LibraryImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                static partial void InitLock(ref CRITICAL_SECTION cs);

                [LibraryImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                static partial void FreeLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NoUsingSystem_AddsIt() => Verify.FixAsync("""
            using System.Runtime.InteropServices;

            class Gate
            {
                private pthread_mutex_t _mutex;

                public Gate()
                {
                    {|LCK003:pthread_mutex_init(ref _mutex, 0)|};
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(ref pthread_mutex_t mutex, nint attributes);
            }

            struct pthread_mutex_t
            {
                public long A, B, C, D, E;
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class Gate : IDisposable
            {
                private pthread_mutex_t _mutex;
                private bool _disposed;

                public Gate()
                {
                    pthread_mutex_init(ref _mutex, 0);
                }

                ~Gate() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (!_disposed)
                    {
                        pthread_mutex_destroy(ref _mutex);
                        _disposed = true;
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(ref pthread_mutex_t mutex, nint attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(ref pthread_mutex_t mutex);
            }

            struct pthread_mutex_t
            {
                public long A, B, C, D, E;
            }
            """);

        [Fact]
        public Task FixAll_Solution_OneEditPerTypeAndOneSharedDeclaration()
        {
            var test = new LockLeakTest
            {
                // Three diagnostics, two types, two files: Fix All in the solution settles them in one pass.
                NumberOfIncrementalIterations = 3,
                NumberOfFixAllIterations = 1,
                NumberOfFixAllInDocumentIterations = 2,
                CodeActionEquivalenceKey = "LockLeak.LCK003.DeleteNativeLock",
            };
            test.TestState.Sources.Add(("/0/StoreObject.cs", """
                using System;

                class StoreObject
                {
                    private CRITICAL_SECTION _read;
                    private CRITICAL_SECTION _write;

                    public StoreObject()
                    {
                        {|LCK003:NativeMethods.InitializeCriticalSection(ref _read)|};
                        {|LCK003:NativeMethods.InitializeCriticalSection(ref _write)|};
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/NativeMethods.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed class OtherStore : IDisposable
                {
                    private CRITICAL_SECTION _cs;

                    public OtherStore()
                    {
                        {|LCK003:NativeMethods.InitializeCriticalSection(ref _cs)|};
                    }

                    public void Dispose()
                    {
                    }
                }

                static class NativeMethods
                {
                    [DllImport("kernel32")]
                    internal static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
                }
                """ + CriticalSectionStruct));
            test.FixedState.Sources.Add(("/0/StoreObject.cs", """
                using System;

                class StoreObject : IDisposable
                {
                    private CRITICAL_SECTION _read;
                    private CRITICAL_SECTION _write;
                    private bool _disposed;

                    public StoreObject()
                    {
                        NativeMethods.InitializeCriticalSection(ref _read);
                        NativeMethods.InitializeCriticalSection(ref _write);
                    }

                    ~StoreObject() => Dispose(false);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (!_disposed)
                        {
                            NativeMethods.DeleteCriticalSection(ref _read);
                            NativeMethods.DeleteCriticalSection(ref _write);
                            _disposed = true;
                        }
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/NativeMethods.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed class OtherStore : IDisposable
                {
                    private CRITICAL_SECTION _cs;
                    private bool _disposed;

                    public OtherStore()
                    {
                        NativeMethods.InitializeCriticalSection(ref _cs);
                    }

                    public void Dispose()
                    {
                        if (!_disposed)
                        {
                            NativeMethods.DeleteCriticalSection(ref _cs);
                            _disposed = true;
                        }
                    }
                }

                static class NativeMethods
                {
                    [DllImport("kernel32")]
                    internal static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                    [DllImport("kernel32")]
                    internal static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
                }
                """ + CriticalSectionStruct));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public void Provider_FixesLck003InEveryFixAllScope()
        {
            var provider = new LockLeak.CodeFixes.DeleteNativeLockCodeFix();
            Assert.Equal(new[] { "LCK003" }, provider.FixableDiagnosticIds);
            Assert.Equal(
                new[] { Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document, Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Project, Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Solution },
                provider.GetFixAllProvider().GetSupportedFixAllScopes());
        }

        [Fact]
        public Task DisposeBoolOverride_InsertsBeforeBaseDispose() => Verify.FixAsync("""
            using System;
            using System.IO;
            using System.Runtime.InteropServices;

            class StoreStream : MemoryStream
            {
                private IntPtr _event;

                public StoreStream()
                {
                    _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        Flush();
                    }

                    base.Dispose(disposing);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.IO;
            using System.Runtime.InteropServices;

            class StoreStream : MemoryStream
            {
                private IntPtr _event;

                public StoreStream()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        Flush();
                    }

                    if (_event != IntPtr.Zero)
                    {
                        CloseHandle(_event);
                        _event = IntPtr.Zero;
                    }

                    base.Dispose(disposing);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task BaseDisposeNotExtensible_NoFixOffered()
        {
            const string source = """
                using System;
                using System.Runtime.InteropServices;

                class StoreBase : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }

                class StoreObject : StoreBase
                {
                    private CRITICAL_SECTION _cs;

                    public StoreObject()
                    {
                        {|LCK003:InitializeCriticalSection(ref _cs)|};
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
                }
                """ + CriticalSectionStruct;
            return Verify.FixAsync(source, source);
        }

        [Fact]
        public Task DisposeInOtherPartialFile_EditsThatFile()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/StoreObject.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed partial class StoreObject
                {
                    private CRITICAL_SECTION _cs;

                    public StoreObject()
                    {
                        {|LCK003:InitializeCriticalSection(ref _cs)|};
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
                }
                """ + CriticalSectionStruct));
            test.TestState.Sources.Add(("/0/StoreObject.Dispose.cs", """
                using System;

                sealed partial class StoreObject : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/StoreObject.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed partial class StoreObject
                {
                    private CRITICAL_SECTION _cs;
                    private bool _disposed;

                    public StoreObject()
                    {
                        InitializeCriticalSection(ref _cs);
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                    [DllImport("kernel32")]
                    private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
                }
                """ + CriticalSectionStruct));
            test.FixedState.Sources.Add(("/0/StoreObject.Dispose.cs", """
                using System;

                sealed partial class StoreObject : IDisposable
                {
                    public void Dispose()
                    {
                        if (!_disposed)
                        {
                            DeleteCriticalSection(ref _cs);
                            _disposed = true;
                        }
                    }
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task FreedButNotDestroyed_DestroyGoesBeforeTheFree() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex = Marshal.AllocHGlobal(64);

                public Gate()
                {
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    Marshal.FreeHGlobal(_mutex);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private readonly IntPtr _mutex = Marshal.AllocHGlobal(64);

                public Gate()
                {
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
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
        public Task ReleaseHandle_InsertsBeforeReturn() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreMutexHandle : SafeHandle
            {
                public StoreMutexHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    handle = {|LCK003:CreateMutex(IntPtr.Zero, false, null)|};
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    return true;
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreMutexHandle : SafeHandle
            {
                public StoreMutexHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    handle = CreateMutex(IntPtr.Zero, false, null);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    if (handle != IntPtr.Zero)
                    {
                        CloseHandle(handle);
                        handle = IntPtr.Zero;
                    }

                    return true;
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        /// <summary>
        /// A LibraryImport returning bool needs an implementation part, which the interop source generator
        /// writes and these tests do not run: the input's part is hand-written, and the fixed state states the one
        /// error that the generator would remove (CS8795 on the added CloseHandle).
        /// </summary>
        [Fact]
        public Task LibraryImport_CloseHandleMissing_AddsMarshalledBoolDeclaration()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/StoreObject.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed partial class StoreObject : IDisposable
                {
                    private readonly nint _event;

                    public StoreObject()
                    {
                        _event = {|LCK003:CreateEvent(0, true, false, null)|};
                    }

                    public void Dispose()
                    {
                    }

                    [LibraryImport("kernel32", EntryPoint = "CreateEventW", StringMarshalling = StringMarshalling.Utf16)]
                    private static partial nint CreateEvent(nint attributes, [MarshalAs(UnmanagedType.Bool)] bool manualReset, [MarshalAs(UnmanagedType.Bool)] bool initialState, string? name);
                }
                """));
            test.TestState.Sources.Add(("/0/StoreObject.g.cs", """
                // <auto-generated/>
                partial class StoreObject
                {
                    private static partial nint CreateEvent(nint attributes, bool manualReset, bool initialState, string? name) => 0;
                }
                """));
            test.FixedState.Sources.Add(("/0/StoreObject.cs", """
                using System;
                using System.Runtime.InteropServices;

                sealed partial class StoreObject : IDisposable
                {
                    private readonly nint _event;
                    private bool _disposed;

                    public StoreObject()
                    {
                        _event = CreateEvent(0, true, false, null);
                    }

                    public void Dispose()
                    {
                        if (!_disposed)
                        {
                            CloseHandle(_event);
                            _disposed = true;
                        }
                    }

                    [LibraryImport("kernel32", EntryPoint = "CreateEventW", StringMarshalling = StringMarshalling.Utf16)]
                    private static partial nint CreateEvent(nint attributes, [MarshalAs(UnmanagedType.Bool)] bool manualReset, [MarshalAs(UnmanagedType.Bool)] bool initialState, string? name);

                    [LibraryImport("kernel32")]
                    [return: MarshalAs(UnmanagedType.Bool)]
                    private static partial bool {|CS8795:CloseHandle|}(nint handle);
                }
                """));
            test.FixedState.Sources.Add(("/0/StoreObject.g.cs", """
                // <auto-generated/>
                partial class StoreObject
                {
                    private static partial nint CreateEvent(nint attributes, bool manualReset, bool initialState, string? name) => 0;
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task DisposeAsyncCoreWithFinalizer_ReleasesInBoth() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            class StoreObject : IAsyncDisposable
            {
                private IntPtr _semaphore;

                public StoreObject()
                {
                    _semaphore = {|LCK003:CreateSemaphore(IntPtr.Zero, 1, 1, null)|};
                }

                ~StoreObject()
                {
                }

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                protected virtual async ValueTask DisposeAsyncCore()
                {
                    await Task.Yield();
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateSemaphoreW")]
                private static extern IntPtr CreateSemaphore(IntPtr attributes, int initial, int maximum, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            class StoreObject : IAsyncDisposable
            {
                private IntPtr _semaphore;

                public StoreObject()
                {
                    _semaphore = CreateSemaphore(IntPtr.Zero, 1, 1, null);
                }

                ~StoreObject()
                {
                    if (_semaphore != IntPtr.Zero)
                    {
                        CloseHandle(_semaphore);
                        _semaphore = IntPtr.Zero;
                    }
                }

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                protected virtual async ValueTask DisposeAsyncCore()
                {
                    await Task.Yield();
                    if (_semaphore != IntPtr.Zero)
                    {
                        CloseHandle(_semaphore);
                        _semaphore = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateSemaphoreW")]
                private static extern IntPtr CreateSemaphore(IntPtr attributes, int initial, int maximum, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task SafeHandleSetHandleMemory_ReleaseHandleDeletesAndFrees() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    var memory = Marshal.AllocHGlobal(64);
                    {|LCK003:InitializeCriticalSection(memory)|};
                    SetHandle(memory);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    var memory = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(memory);
                    SetHandle(memory);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle()
                {
                    if (handle != IntPtr.Zero)
                    {
                        DeleteCriticalSection(handle);
                        Marshal.FreeHGlobal(handle);
                        handle = IntPtr.Zero;
                    }

                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        // The lock lives in `_state.Gate`, which the diagnostic names as its member: it is deleted through the same `ref`
        // (releasing `_state` itself would delete the wrong memory), and inline storage cannot be reset, so a disposed
        // flag keeps a second Dispose from deleting it again.
        [Fact]
        public Task CriticalSectionInNestedStructField_DeletedThroughTheSameRef() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _state;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _state.Gate)|};
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }

            struct StoreState
            {
                public int Opens;
                public CRITICAL_SECTION Gate;
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _state;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _state.Gate);
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _state.Gate);
                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            struct StoreState
            {
                public int Opens;
                public CRITICAL_SECTION Gate;
            }
            """ + CriticalSectionStruct);

        // Two locks whose paths end in the same name (`_reads.Gate`, `_writes.Gate`) are two locks: both are deleted.
        [Fact]
        public Task TwoNestedStructLocksOfOneName_BothDeleted() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _reads;
                private StoreState _writes;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _reads.Gate)|};
                    {|LCK003:InitializeCriticalSection(ref _writes.Gate)|};
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }

            struct StoreState
            {
                public CRITICAL_SECTION Gate;
            }
            """ + CriticalSectionStruct, """
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _reads;
                private StoreState _writes;
                private bool _disposed;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _reads.Gate);
                    InitializeCriticalSection(ref _writes.Gate);
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        DeleteCriticalSection(ref _reads.Gate);
                        DeleteCriticalSection(ref _writes.Gate);
                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            struct StoreState
            {
                public CRITICAL_SECTION Gate;
            }
            """ + CriticalSectionStruct);

        // The lock lives in a fixed-size buffer that only a pinned pointer reaches (`DeleteCriticalSection(_cs)` is CS1666):
        // the delete pins it as the initialization did.
        [Fact]
        public Task CriticalSectionInPinnedFixedBuffer_StructOwner_DeletedThroughAPinnedPointer() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe struct NativeGate : IDisposable
            {
                private fixed byte _cs[64];

                public NativeGate(int spinCount)
                {
                    fixed (byte* section = _cs)
                    {
                        {|LCK003:InitializeCriticalSectionAndSpinCount(section, spinCount)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(byte* cs, int spinCount);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            unsafe struct NativeGate : IDisposable
            {
                private fixed byte _cs[64];
                private bool _disposed;

                public NativeGate(int spinCount)
                {
                    fixed (byte* section = _cs)
                    {
                        InitializeCriticalSectionAndSpinCount(section, spinCount);
                    }
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        fixed (byte* section = _cs)
                        {
                            DeleteCriticalSection(section);
                        }

                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(byte* cs, int spinCount);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(byte* cs);
            }
            """);

        // A class cannot hold a fixed-size buffer itself: it holds a struct that does, and the delete pins `_storage.Section`.
        [Fact]
        public Task CriticalSectionInPinnedFixedBuffer_ClassOwner_DeletedThroughAPinnedPointer() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private Storage _storage;

                public StoreObject()
                {
                    fixed (byte* section = _storage.Section)
                    {
                        {|LCK003:InitializeCriticalSection(section)|};
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(byte* cs);

                private struct Storage
                {
                    public fixed byte Section[64];
                }
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private Storage _storage;
                private bool _disposed;

                public StoreObject()
                {
                    fixed (byte* section = _storage.Section)
                    {
                        InitializeCriticalSection(section);
                    }
                }

                public void Dispose()
                {
                    if (!_disposed)
                    {
                        fixed (byte* section = _storage.Section)
                        {
                            DeleteCriticalSection(section);
                        }

                        _disposed = true;
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(byte* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(byte* cs);

                private struct Storage
                {
                    public fixed byte Section[64];
                }
            }
            """);

        [Fact]
        public Task NintListOfEvents_DisposeBoolAndFinalizer_ClosesOutsideIfDisposing() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            class EventSet : IDisposable
            {
                private readonly List<nint> _events = new List<nint>();

                public EventSet(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _events.Add({|LCK003:CreateEventW(0, true, false, null)|});
                    }
                }

                ~EventSet() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _events.TrimExcess();
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern nint CreateEventW(nint attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(nint handle);
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            class EventSet : IDisposable
            {
                private readonly List<nint> _events = new List<nint>();

                public EventSet(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _events.Add(CreateEventW(0, true, false, null));
                    }
                }

                ~EventSet() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _events.TrimExcess();
                    }

                    if (_events != null)
                    {
                        for (var i = 0; i < _events.Count; i++)
                        {
                            if (_events[i] != 0)
                            {
                                CloseHandle(_events[i]);
                                _events[i] = 0;
                            }
                        }
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern nint CreateEventW(nint attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(nint handle);
            }
            """);

        [Fact]
        public Task MutexHandleArray_NoDispose_AddsPatternThatClosesEveryHandle() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class MutexSet
            {
                private readonly nint[] _mutexes = new nint[4];

                public MutexSet()
                {
                    for (var i = 0; i < _mutexes.Length; i++)
                    {
                        _mutexes[i] = {|LCK003:CreateMutexW(0, false, null)|};
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern nint CreateMutexW(nint attributes, bool initialOwner, string? name);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class MutexSet : IDisposable
            {
                private readonly nint[] _mutexes = new nint[4];

                public MutexSet()
                {
                    for (var i = 0; i < _mutexes.Length; i++)
                    {
                        _mutexes[i] = CreateMutexW(0, false, null);
                    }
                }

                ~MutexSet() => Dispose(false);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                private void Dispose(bool disposing)
                {
                    if (_mutexes != null)
                    {
                        for (var i = 0; i < _mutexes.Length; i++)
                        {
                            if (_mutexes[i] != 0)
                            {
                                CloseHandle(_mutexes[i]);
                                _mutexes[i] = 0;
                            }
                        }
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern nint CreateMutexW(nint attributes, bool initialOwner, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(nint handle);
            }
            """);

        [Fact]
        public Task FixAll_TwoHandleCollections_ClosedInOneDispose() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Signals : IDisposable
            {
                private readonly IntPtr[] _events = new IntPtr[2];
                private readonly List<IntPtr> _mutexes = new List<IntPtr>();

                public Signals()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        _events[i] = {|LCK003:CreateEventW(IntPtr.Zero, true, false, null)|};
                        _mutexes.Add({|LCK003:CreateMutexW(IntPtr.Zero, false, null)|});
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class Signals : IDisposable
            {
                private readonly IntPtr[] _events = new IntPtr[2];
                private readonly List<IntPtr> _mutexes = new List<IntPtr>();

                public Signals()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        _events[i] = CreateEventW(IntPtr.Zero, true, false, null);
                        _mutexes.Add(CreateMutexW(IntPtr.Zero, false, null));
                    }
                }

                public void Dispose()
                {
                    if (_events != null)
                    {
                        for (var i = 0; i < _events.Length; i++)
                        {
                            if (_events[i] != IntPtr.Zero)
                            {
                                CloseHandle(_events[i]);
                                _events[i] = IntPtr.Zero;
                            }
                        }
                    }

                    if (_mutexes != null)
                    {
                        for (var i2 = 0; i2 < _mutexes.Count; i2++)
                        {
                            if (_mutexes[i2] != IntPtr.Zero)
                            {
                                CloseHandle(_mutexes[i2]);
                                _mutexes[i2] = IntPtr.Zero;
                            }
                        }
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);
            }
            """);
    }
}
