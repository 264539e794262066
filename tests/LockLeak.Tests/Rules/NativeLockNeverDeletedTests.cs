using System.Threading;
using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK003: native critical sections, pthread objects, OS lock handles and their memory.</summary>
    public partial class NativeLockNeverDeletedTests
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

        private static DiagnosticResult Lck003(int markupKey) =>
            new DiagnosticResult(DiagnosticIds.NativeLockNeverDeleted, DiagnosticSeverity.Warning).WithLocation(markupKey);

        // ------------------------------------------------------------ critical sections, ref struct field

        [Fact]
        public Task InitializeCriticalSection_NoReleaseMethod_ReportsWithMessage() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|#0:InitializeCriticalSection(ref _cs)|};
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct,
            Lck003(0).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        [Fact]
        public Task InitializeCriticalSection_DisposeDoesNotDelete_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Dispose()
                {
                    LeaveCriticalSection(ref _cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void LeaveCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task InitializeCriticalSection_DeletedInDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose() => DeleteCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task InitializeCriticalSectionAndSpinCount_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|#0:InitializeCriticalSectionAndSpinCount(ref _cs, 4000)|};
                }

                [DllImport("kernel32", SetLastError = true)]
                private static extern bool InitializeCriticalSectionAndSpinCount(ref CRITICAL_SECTION cs, int spinCount);
            }
            """ + CriticalSectionStruct,
            Lck003(0).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSectionAndSpinCount but never calls DeleteCriticalSection"));

        [Fact]
        public Task InitializeCriticalSectionEx_DeletedInFinalizer_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSectionEx(ref _cs, 4000, 0);
                }

                ~StoreObject()
                {
                    DeleteCriticalSection(ref _cs);
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionEx(ref CRITICAL_SECTION cs, int spinCount, int flags);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        // Dispose(false), from DisposeAsync and the finalizer, reaches what Dispose(bool) does outside `if (disposing)`.
        private static string DisposeFalseOwner(string delete) => $$"""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading.Tasks;

            class StoreObject : IAsyncDisposable
            {
                private CRITICAL_SECTION _cs;
                private bool _deleted;

                public StoreObject()
                {
                    {|#0:InitializeCriticalSection(ref _cs)|};
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(false);
                    GC.SuppressFinalize(this);
                    return default;
                }

                ~StoreObject() => Dispose(false);

                private void {|#1:Dispose|}(bool disposing)
                {
                    {{delete}}
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct;

        [Fact]
        public Task DeletedOutsideDisposing_ReachedByDisposeFalse_NoDiagnostic() => Verify.DiagnosticsAsync(
            DisposeFalseOwner("if (disposing) { Console.WriteLine(); } if (!_deleted) { DeleteCriticalSection(ref _cs); _deleted = true; }")
                .Replace("{|#0:", string.Empty).Replace(")|};", ");").Replace("{|#1:Dispose|}", "Dispose"));

        [Fact]
        public Task DeletedOnlyUnderDisposing_EveryCallPassesFalse_Reports() => Verify.DiagnosticsAsync(
            DisposeFalseOwner("if (disposing && !_deleted) { DeleteCriticalSection(ref _cs); _deleted = true; }"),
            Lck003(0).WithLocation(1));

        [Fact]
        public Task InitializeCriticalSectionEx_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSectionEx(ref _cs, 4000, 0)|};
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionEx(ref CRITICAL_SECTION cs, int spinCount, int flags);
            }
            """ + CriticalSectionStruct);

        // ------------------------------------------------------------ declaration styles

        [Fact]
        public Task DllImportWithEntryPoint_RenamedMethods_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|#0:InitLock(ref _cs)|};
                }

                [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                private static extern void InitLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct,
            Lck003(0).WithMessage("'StoreObject' initializes critical section '_cs' with InitLock but never calls DeleteCriticalSection"));

        [Fact]
        public Task DllImportWithEntryPoint_RenamedRelease_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitLock(ref _cs);
                }

                public void Dispose() => FreeLock(ref _cs);

                [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                private static extern void InitLock(ref CRITICAL_SECTION cs);

                [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                private static extern void FreeLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DllImportNamedLikeInitializer_OtherEntryPoint_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                // Bound to SRW locks, which need no delete: the entry point decides, not the C# name.
                [DllImport("kernel32", EntryPoint = "InitializeSRWLock")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task LibraryImport_NotDeleted_Reports() => LibraryImportAsync(
            """
            using System;
            using System.Runtime.InteropServices;

            sealed partial class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|#0:InitializeCriticalSection(ref _cs)|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [LibraryImport("kernel32")]
                private static partial void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct,
            """
            // <auto-generated/>
            partial class StoreObject
            {
                private static partial void InitializeCriticalSection(ref CRITICAL_SECTION cs)
                {
                }
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        [Fact]
        public Task LibraryImportWithEntryPoint_Deleted_NoDiagnostic() => LibraryImportAsync(
            """
            using System;
            using System.Runtime.InteropServices;

            sealed partial class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitLock(ref _cs);
                }

                public void Dispose() => FreeLock(ref _cs);

                [LibraryImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                private static partial void InitLock(ref CRITICAL_SECTION cs);

                [LibraryImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                private static partial void FreeLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct,
            """
            // <auto-generated/>
            partial class StoreObject
            {
                private static partial void InitLock(ref CRITICAL_SECTION cs)
                {
                }

                private static partial void FreeLock(ref CRITICAL_SECTION cs)
                {
                }
            }
            """);

        [Fact]
        public Task LibraryImportWithEntryPoint_NotDeleted_Reports() => LibraryImportAsync(
            """
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
                private static partial void InitLock(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct,
            """
            // <auto-generated/>
            partial class StoreObject
            {
                private static partial void InitLock(ref CRITICAL_SECTION cs)
                {
                }
            }
            """);

        [Fact]
        public Task NativeMethodsClass_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
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

                [DllImport("kernel32")]
                internal static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NativeMethodsClass_Deleted_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    NativeMethods.InitializeCriticalSection(ref _cs);
                }

                public void Dispose() => NativeMethods.DeleteCriticalSection(ref _cs);
            }

            static class NativeMethods
            {
                [DllImport("kernel32")]
                internal static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                internal static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        // ------------------------------------------------------------ field forms and the memory behind the lock

        [Fact]
        public Task IntPtrField_NeitherDeletedNorFreed_ReportsBoth() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection or frees its memory with Marshal.FreeHGlobal"));

        [Fact]
        public Task IntPtrField_DeletedButNotFreed_ReportsMissingFree() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _cs = Marshal.AllocHGlobal(64);

                public StoreObject()
                {
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}() => DeleteCriticalSection(_cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never frees its memory with Marshal.FreeHGlobal"));

        [Fact]
        public Task IntPtrField_FreedButNotDeleted_ReportsMissingDelete() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}()
                {
                    Marshal.FreeHGlobal(_cs);
                    _cs = IntPtr.Zero;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        [Fact]
        public Task IntPtrField_DeletedAndFreed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(_cs);
                    _cs = IntPtr.Zero;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task NintField_CoTaskMemNotFreed_ReportsMissingFree() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private nint _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocCoTaskMem(64);
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}() => DeleteCriticalSection(_cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never frees its memory with Marshal.FreeCoTaskMem"));

        [Fact]
        public Task NintField_DeletedAndFreedInFinalizer_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private nint _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocCoTaskMem(64);
                    InitializeCriticalSection(_cs);
                }

                ~StoreObject()
                {
                    DeleteCriticalSection(_cs);
                    Marshal.FreeCoTaskMem(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(nint cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(nint cs);
            }
            """);

        [Fact]
        public Task PointerField_NativeMemoryNeitherDeletedNorFreed_ReportsBoth() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION* _cs;

                public StoreObject()
                {
                    _cs = (CRITICAL_SECTION*)NativeMemory.Alloc((nuint)sizeof(CRITICAL_SECTION));
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection or frees its memory with NativeMemory.Free"));

        [Fact]
        public Task PointerField_AllocZeroedDeletedAndFreed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION* _cs;

                public StoreObject()
                {
                    _cs = (CRITICAL_SECTION*)NativeMemory.AllocZeroed((nuint)sizeof(CRITICAL_SECTION));
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    DeleteCriticalSection(_cs);
                    NativeMemory.Free(_cs);
                    _cs = null;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task PointerField_FreedButNotDeleted_ReportsMissingDelete() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION* _cs;

                public StoreObject()
                {
                    _cs = (CRITICAL_SECTION*)NativeMemory.Alloc((nuint)sizeof(CRITICAL_SECTION));
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                public void {|#1:Dispose|}() => NativeMemory.Free(_cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        // A readonly struct can neither reset its storage nor hold a disposed flag, so no release a fix writes is safe
        // to run twice: the message says so, and the light bulb stays empty.
        [Fact]
        public async Task ReadonlyStruct_MessageSaysWhyNoFix()
        {
            var source = """
                using System;
                using System.Runtime.InteropServices;

                readonly struct Gate : IDisposable
                {
                    private readonly IntPtr _cs;

                    public Gate(int size)
                    {
                        _cs = Marshal.AllocHGlobal(size);
                        {|#0:InitializeCriticalSection(_cs)|};
                    }

                    public void {|#1:Dispose|}()
                    {
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(IntPtr cs);
                }
                """;
            var test = new LockLeakTest { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(Lck003(0).WithLocation(1).WithMessage(
                "'Gate' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection or frees its memory with Marshal.FreeHGlobal; no fix is offered: a readonly struct can neither reset nor flag its storage"));
            await test.RunAsync(CancellationToken.None);
        }

        // ------------------------------------------------------------ POSIX

        [Theory]
        [InlineData("pthread_mutex_init", "pthread_mutex_destroy", "pthread mutex")]
        [InlineData("pthread_rwlock_init", "pthread_rwlock_destroy", "pthread rwlock")]
        [InlineData("pthread_cond_init", "pthread_cond_destroy", "pthread condition variable")]
        [InlineData("pthread_spin_init", "pthread_spin_destroy", "pthread spin lock")]
        public Task PthreadInit_NotDestroyed_Reports(string init, string destroy, string lockName) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _lock = Marshal.AllocHGlobal(64);

                public Gate()
                {
                    {|#0:{{init}}(_lock, IntPtr.Zero)|};
                }

                public void {|#1:Dispose|}()
                {
                    Marshal.FreeHGlobal(_lock);
                }

                [DllImport("libc")]
                private static extern int {{init}}(IntPtr value, IntPtr attributes);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage($"'Gate' initializes {lockName} '_lock' with {init} but never calls {destroy}"));

        [Theory]
        [InlineData("pthread_mutex_init", "pthread_mutex_destroy")]
        [InlineData("pthread_rwlock_init", "pthread_rwlock_destroy")]
        [InlineData("pthread_cond_init", "pthread_cond_destroy")]
        [InlineData("pthread_spin_init", "pthread_spin_destroy")]
        public Task PthreadInit_DestroyedAndFreed_NoDiagnostic(string init, string destroy) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _lock = Marshal.AllocHGlobal(64);

                public Gate()
                {
                    {{init}}(_lock, IntPtr.Zero);
                }

                public void Dispose()
                {
                    {{destroy}}(_lock);
                    Marshal.FreeHGlobal(_lock);
                }

                [DllImport("libc")]
                private static extern int {{init}}(IntPtr value, IntPtr attributes);

                [DllImport("libc")]
                private static extern int {{destroy}}(IntPtr value);
            }
            """);

        [Fact]
        public Task PthreadMutex_RefStructUnlockedNotDestroyed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class Gate : IDisposable
            {
                private pthread_mutex_t _mutex;

                public Gate()
                {
                    {|LCK003:pthread_mutex_init(ref _mutex, IntPtr.Zero)|};
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    pthread_mutex_unlock(ref _mutex);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(ref pthread_mutex_t mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_unlock(ref pthread_mutex_t mutex);
            }

            struct pthread_mutex_t
            {
                public long A, B, C, D, E;
            }
            """);

        [Fact]
        public Task SemInit_NotDestroyed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class Gate
            {
                private sem_t _sem;

                public Gate()
                {
                    {|#0:sem_init(ref _sem, 0, 1)|};
                }

                [DllImport("libc", SetLastError = true)]
                private static extern int sem_init(ref sem_t sem, int shared, uint value);
            }

            struct sem_t
            {
                public long A, B, C, D;
            }
            """,
            Lck003(0).WithMessage("'Gate' initializes POSIX semaphore '_sem' with sem_init but never calls sem_destroy"));

        [Fact]
        public Task SemInit_DestroyedInDisposeBoolInsideDisposing_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class Gate : IDisposable
            {
                private sem_t _sem;

                public Gate()
                {
                    sem_init(ref _sem, 0, 1);
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
                        sem_destroy(ref _sem);
                    }
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

        // ------------------------------------------------------------ kernel handles

        [Theory]
        [InlineData("CreateMutex", "IntPtr attributes, bool initialOwner, string name", "IntPtr.Zero, false, null", "native mutex handle")]
        [InlineData("CreateMutexW", "IntPtr attributes, bool initialOwner, string name", "IntPtr.Zero, false, null", "native mutex handle")]
        [InlineData("CreateMutexExW", "IntPtr attributes, string name, uint flags, uint access", "IntPtr.Zero, null, 0, 0x1F0001", "native mutex handle")]
        [InlineData("OpenMutexW", "uint access, bool inherit, string name", "0x1F0001, false, \"Global\\\\store\"", "native mutex handle")]
        [InlineData("CreateSemaphoreW", "IntPtr attributes, int initial, int maximum, string name", "IntPtr.Zero, 1, 1, null", "native semaphore handle")]
        [InlineData("CreateSemaphoreExW", "IntPtr attributes, int initial, int maximum, string name, uint flags, uint access", "IntPtr.Zero, 1, 1, null, 0, 0x1F0003", "native semaphore handle")]
        [InlineData("OpenSemaphoreA", "uint access, bool inherit, string name", "0x1F0003, false, \"store\"", "native semaphore handle")]
        [InlineData("CreateEventW", "IntPtr attributes, bool manualReset, bool initialState, string name", "IntPtr.Zero, true, false, null", "native event handle")]
        [InlineData("CreateEventExW", "IntPtr attributes, string name, uint flags, uint access", "IntPtr.Zero, null, 0, 0x1F0003", "native event handle")]
        [InlineData("OpenEvent", "uint access, bool inherit, string name", "0x1F0003, false, \"store\"", "native event handle")]
        public Task KernelHandle_NotClosed_Reports(string entryPoint, string parameters, string arguments, string lockName) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _handle;

                public StoreObject()
                {
                    _handle = {|#0:{{entryPoint}}({{arguments}})|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr {{entryPoint}}({{parameters}});
            }
            """,
            Lck003(0).WithLocation(1).WithMessage($"'StoreObject' initializes {lockName} '_handle' with {entryPoint} but never calls CloseHandle"));

        [Theory]
        [InlineData("CreateMutex", "IntPtr attributes, bool initialOwner, string name", "IntPtr.Zero, false, null")]
        [InlineData("CreateSemaphore", "IntPtr attributes, int initial, int maximum, string name", "IntPtr.Zero, 1, 1, null")]
        [InlineData("CreateEventW", "IntPtr attributes, bool manualReset, bool initialState, string name", "IntPtr.Zero, true, false, null")]
        [InlineData("OpenMutex", "uint access, bool inherit, string name", "0x1F0001, false, \"store\"")]
        public Task KernelHandle_ClosedInDispose_NoDiagnostic(string entryPoint, string parameters, string arguments) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly nint _handle;

                public StoreObject()
                {
                    _handle = {{entryPoint}}({{arguments}});
                }

                public void Dispose() => CloseHandle(_handle);

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern nint {{entryPoint}}({{parameters}});

                [DllImport("kernel32")]
                private static extern bool CloseHandle(nint handle);
            }
            """);

        [Fact]
        public Task KernelHandle_ThroughLocal_ReleasedOnlyByReleaseMutex_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _mutex;

                public StoreObject()
                {
                    var mutex = {|LCK003:CreateMutex(IntPtr.Zero, false, null)|};
                    _mutex = mutex;
                }

                public void Dispose() => ReleaseMutex(_mutex);

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool ReleaseMutex(IntPtr handle);
            }
            """);

        [Fact]
        public Task KernelHandle_AsSafeWaitHandle_IsManagedLck002NotLck003() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using Microsoft.Win32.SafeHandles;

            sealed class StoreObject : IDisposable
            {
                private readonly SafeWaitHandle _event;

                public StoreObject()
                {
                    _event = {|LCK002:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern SafeWaitHandle CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """);

        // ------------------------------------------------------------ where the release happens

        [Fact]
        public Task DeletedInDisposeBoolOutsideDisposing_NoDiagnostic() => Verify.DiagnosticsAsync("""
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
                    if (_disposed)
                    {
                        return;
                    }

                    if (disposing)
                    {
                    }

                    DeleteCriticalSection(ref _cs);
                    _disposed = true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DeletedInHelperCalledFromDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    Allocate();
                }

                public void Dispose() => ReleaseNative();

                private void Allocate()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                private void ReleaseNative()
                {
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task InitializedInHelperCalledFromConstructor_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    Init();
                }

                private void Init()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DeletedByMethodReleasingItsParameter_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    NativeLock.Init(ref _cs);
                }

                public void Dispose() => NativeLock.Destroy(ref _cs);
            }

            static class NativeLock
            {
                public static void Init(ref CRITICAL_SECTION cs) => InitializeCriticalSection(ref cs);

                public static void Destroy(ref CRITICAL_SECTION cs) => DeleteCriticalSection(ref cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task PassedToMethodThatDoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Dispose() => Trace(ref _cs);

                private static void Trace(ref CRITICAL_SECTION cs) => Console.WriteLine(cs.LockCount);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task DisposeInOtherPartialPart_Deletes_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed partial class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }

            sealed partial class StoreObject : IDisposable
            {
                public void Dispose() => DeleteCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task StructOwner_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            struct StoreLock : IDisposable
            {
                private IntPtr _cs;

                public StoreLock(int spinCount)
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSectionAndSpinCount(_cs, spinCount)|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(IntPtr cs, int spinCount);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreLock' initializes critical section '_cs' with InitializeCriticalSectionAndSpinCount but never calls DeleteCriticalSection or frees its memory with Marshal.FreeHGlobal"));


        [Fact]
        public Task DeletedUnderZeroCheck_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
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
        public Task DeletedUnderUnrelatedCondition_ReportsLck005NotLck003() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;
                private int _users;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose()
                {
                    if (_users == 0)
                    {
                        {|LCK005:DeleteCriticalSection(ref _cs)|};
                    }
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task HandleInAutoProperty_NotClosed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                public StoreObject()
                {
                    Handle = {|#0:CreateSemaphore(IntPtr.Zero, 1, 1, null)|};
                }

                public IntPtr Handle { get; }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateSemaphoreW")]
                private static extern IntPtr CreateSemaphore(IntPtr attributes, int initial, int maximum, string name);
            }
            """,
            Lck003(0).WithMessage("'StoreObject' initializes native semaphore handle 'Handle' with CreateSemaphore but never calls CloseHandle"));

        [Fact]
        public Task WrapperInitializingInHelperCalledByConstructor_NotDisposed_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    Init();
                }

                public void Dispose() => DeleteCriticalSection(ref _cs);

                private void Init() => InitializeCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            class MessageStore
            {
                private readonly StoreObject _object = {|#0:new StoreObject()|};
            }
            """ + CriticalSectionStruct,
            new DiagnosticResult(DiagnosticIds.TypeMustBeDisposable, DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'MessageStore' creates StoreObject (which holds a critical section) '_object' in its field initializer but has no Dispose, DisposeAsync or finalizer to release it"));


        [Fact]
        public Task ReleasedThroughLocalSwappedOut_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs);
                }

                public void Dispose()
                {
                    var cs = _cs;
                    _cs = IntPtr.Zero;
                    DeleteCriticalSection(cs);
                    Marshal.FreeHGlobal(cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task ClosedThroughInterlockedExchange_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                public void Dispose()
                {
                    var handle = Interlocked.Exchange(ref _event, IntPtr.Zero);
                    if (handle != IntPtr.Zero)
                    {
                        CloseHandle(handle);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task InitializedThroughLocalThenStored_NeitherDeletedNorFreed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private readonly IntPtr _cs;

                public StoreObject()
                {
                    var cs = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(cs)|};
                    _cs = cs;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection or frees its memory with Marshal.FreeHGlobal"));

        [Fact]
        public Task InitializedThroughLocalThenStored_DeletedAndFreed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _cs;

                public StoreObject()
                {
                    var cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(cs);
                    _cs = cs;
                }

                public void Dispose()
                {
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """);

        // ------------------------------------------------------------ SafeHandle subclasses

        [Fact]
        public Task SafeHandleReleasingInReleaseHandle_DisposedByOwner_NoDiagnostic() => Verify.DiagnosticsAsync("""
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

            sealed class StoreObject : IDisposable
            {
                private readonly CriticalSectionHandle _cs = new CriticalSectionHandle();

                public void Dispose() => _cs.Dispose();
            }
            """);

        [Fact]
        public Task SafeHandleReleasingInReleaseHandle_NotDisposedByOwner_ReportsLck002() => Verify.DiagnosticsAsync("""
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

            sealed class StoreObject : IDisposable
            {
                private readonly CriticalSectionHandle _cs = {|#0:new CriticalSectionHandle()|};

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(DiagnosticIds.LockNotReleasedInDispose, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithMessage(
                "'StoreObject' creates CriticalSectionHandle (which holds a critical section) '_cs' in its field initializer but never releases it in Dispose()"));

        [Fact]
        public Task SafeHandleWhoseReleaseHandleOnlyFrees_ReportsMissingDelete() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    handle = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(handle)|};
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool {|#1:ReleaseHandle|}()
                {
                    Marshal.FreeHGlobal(handle);
                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'CriticalSectionHandle' initializes critical section 'handle' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        // ------------------------------------------------------------ never flagged

        [Fact]
        public Task InitializeSRWLock_NoRelease_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private IntPtr _srw;

                public StoreObject()
                {
                    InitializeSRWLock(ref _srw);
                }

                [DllImport("kernel32")]
                private static extern void InitializeSRWLock(ref IntPtr srwLock);
            }
            """);

        [Fact]
        public Task LockHandedInFromOutside_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _cs;
                private readonly IntPtr _event;

                public StoreObject(IntPtr cs, IntPtr sharedEvent)
                {
                    _cs = cs;
                    _event = sharedEvent;
                    EnterCriticalSection(_cs);
                }

                public void Dispose() => LeaveCriticalSection(_cs);

                [DllImport("kernel32")]
                private static extern void EnterCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void LeaveCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task InitializesParameterNotField_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                public StoreObject(ref CRITICAL_SECTION cs)
                {
                    InitializeCriticalSection(ref cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task StaticField_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private static CRITICAL_SECTION s_cs;
                private static readonly IntPtr s_event = CreateEvent(IntPtr.Zero, true, false, null);

                static StoreObject()
                {
                    InitializeCriticalSection(ref s_cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NotAPInvoke_SameName_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;

            class StoreObject
            {
                private int _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                private static void InitializeCriticalSection(ref int cs) => cs = 1;
            }
            """);

        // ------------------------------------------------------------ owners of one, native

        [Fact]
        public Task WrapperOfCriticalSection_CreatedAndNeverDisposed_ReportsLck001NamingCriticalSection() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose() => DeleteCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            class MessageStore
            {
                private readonly StoreObject _object;

                public MessageStore()
                {
                    _object = {|#0:new StoreObject()|};
                }
            }
            """ + CriticalSectionStruct,
            new DiagnosticResult(DiagnosticIds.TypeMustBeDisposable, DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'MessageStore' creates StoreObject (which holds a critical section) '_object' in its constructor but has no Dispose, DisposeAsync or finalizer to release it"));

        [Fact]
        public Task WrapperInitializingThroughRenamedPInvoke_ReportsLck001NamingCriticalSection() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    Interop.Kernel32.InitCs(ref _cs);
                }

                public void Dispose() => Interop.Kernel32.DeleteCs(ref _cs);
            }

            static class Interop
            {
                internal static class Kernel32
                {
                    [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                    internal static extern void InitCs(ref CRITICAL_SECTION cs);

                    [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                    internal static extern void DeleteCs(ref CRITICAL_SECTION cs);
                }
            }

            class MessageStore
            {
                private readonly StoreObject _object = {|#0:new StoreObject()|};
            }
            """ + CriticalSectionStruct,
            new DiagnosticResult(DiagnosticIds.TypeMustBeDisposable, DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
                "'MessageStore' creates StoreObject (which holds a critical section) '_object' in its field initializer but has no Dispose, DisposeAsync or finalizer to release it"));

        [Fact]
        public Task WrapperInitializingThroughInheritedRenamedPInvoke_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            abstract class NativeBase
            {
                [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                protected static extern void InitCs(ref CRITICAL_SECTION cs);

                [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                protected static extern void DeleteCs(ref CRITICAL_SECTION cs);
            }

            sealed class StoreObject : NativeBase, IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitCs(ref _cs);
                }

                public void Dispose() => DeleteCs(ref _cs);
            }

            class MessageStore
            {
                private readonly StoreObject _object = {|LCK001:new StoreObject()|};
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task WrapperInitializingThroughUsingStatic_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using static NativeMethods;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose() => DeleteCriticalSection(ref _cs);
            }

            static class NativeMethods
            {
                [DllImport("kernel32")]
                internal static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                internal static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            class MessageStore
            {
                private readonly StoreObject _object = {|LCK001:new StoreObject()|};
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task WrapperInitializingThroughAliasedInteropClass_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using K32 = Interop.Kernel32;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    K32.InitCs(ref _cs);
                }

                public void Dispose() => K32.DeleteCs(ref _cs);
            }

            static class Interop
            {
                internal static class Kernel32
                {
                    [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                    internal static extern void InitCs(ref CRITICAL_SECTION cs);

                    [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                    internal static extern void DeleteCs(ref CRITICAL_SECTION cs);
                }
            }

            class MessageStore
            {
                private readonly StoreObject _object = {|LCK001:new StoreObject()|};
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task WrapperCallingSameNamedNonInteropMethod_NotAWrapper_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;

            sealed class StoreObject : IDisposable
            {
                private int _cs;

                public StoreObject()
                {
                    Helpers.InitializeCriticalSection(ref _cs);
                }

                public void Dispose() { }
            }

            static class Helpers
            {
                internal static void InitializeCriticalSection(ref int cs) => cs = 1;
            }

            class MessageStore
            {
                private readonly StoreObject _object = new StoreObject();
            }
            """);

        [Fact]
        public Task WrapperInitializingThroughImportedNamespace_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System;

            namespace Store.Native
            {
                using System.Runtime.InteropServices;

                internal static class Kernel32
                {
                    [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
                    internal static extern void InitCs(ref global::CRITICAL_SECTION cs);

                    [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                    internal static extern void DeleteCs(ref global::CRITICAL_SECTION cs);
                }
            }

            namespace Store
            {
                using Store.Native;

                sealed class StoreObject : IDisposable
                {
                    private CRITICAL_SECTION _cs;

                    public StoreObject()
                    {
                        Kernel32.InitCs(ref _cs);
                    }

                    public void Dispose() => global::Store.Native.Kernel32.DeleteCs(ref _cs);
                }

                class MessageStore
                {
                    private readonly StoreObject _object = {|LCK001:new StoreObject()|};
                }
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task WrapperThroughNativeMethods_DisposeForgetsIt_ReportsLck002() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _mutex;

                public StoreObject()
                {
                    _mutex = NativeMethods.CreateMutex(IntPtr.Zero, false, null);
                }

                public void Dispose() => NativeMethods.CloseHandle(_mutex);
            }

            sealed class MessageStore : IDisposable
            {
                private readonly StoreObject _object = {|#0:new StoreObject()|};

                public void {|#1:Dispose|}()
                {
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                internal static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                internal static extern bool CloseHandle(IntPtr handle);
            }
            """,
            new DiagnosticResult(DiagnosticIds.LockNotReleasedInDispose, DiagnosticSeverity.Warning).WithLocation(0).WithLocation(1).WithMessage(
                "'MessageStore' creates StoreObject (which holds a native mutex handle) '_object' in its field initializer but never releases it in Dispose()"));

        [Fact]
        public Task WrapperOfCriticalSection_Disposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                public void Dispose() => DeleteCriticalSection(ref _cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            sealed class MessageStore : IDisposable
            {
                private readonly StoreObject _object = new StoreObject();

                public void Dispose() => _object.Dispose();
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task WrapperThatLeaksItsCriticalSection_BothLevelsReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }

            sealed class MessageStore : IDisposable
            {
                private readonly StoreObject _object = {|LCK002:new StoreObject()|};

                public void Dispose()
                {
                }
            }
            """ + CriticalSectionStruct);

        [Fact]
        public Task NonDisposableTypeCallingInitializer_IsNotAWrapper() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
                    {|LCK003:InitializeCriticalSection(ref _cs)|};
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }

            class MessageStore
            {
                private readonly StoreObject _object = new StoreObject();
            }
            """ + CriticalSectionStruct);

        // ------------------------------------------------------------ suppression

        [Fact]
        public Task PragmaDisable_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                public StoreObject()
                {
            #pragma warning disable LCK003 // lives for the whole process
                    InitializeCriticalSection(ref _cs);
            #pragma warning restore LCK003
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);


        [Fact]
        public Task SuppressMessageOnConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private CRITICAL_SECTION _cs;

                [SuppressMessage("Reliability", "LCK003:Native critical section or OS lock is never deleted", Justification = "Process-wide lock")]
                public StoreObject()
                {
                    InitializeCriticalSection(ref _cs);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + CriticalSectionStruct);


        [Fact]
        public Task HalfTypedCode_ReportsWithoutAnalyzerException() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    InitializeCriticalSection(_cs
                }

                public void {|#1:Dispose|}()
                {
                    {|CS7036:DeleteCriticalSection|}();
                    Marshal.FreeHGlobal({|CS0103:_missing|});
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs)
            }
            """,
            new DiagnosticResult(DiagnosticIds.NativeLockNeverDeleted, DiagnosticSeverity.Warning).WithSpan(11, 9, 12, 1).WithLocation(1),
            DiagnosticResult.CompilerError("CS1002").WithSpan(11, 38, 11, 38),
            DiagnosticResult.CompilerError("CS1026").WithSpan(11, 38, 11, 38),
            DiagnosticResult.CompilerError("CS1002").WithSpan(24, 64, 24, 64));

        /// <summary>
        /// Tests do not run the interop source generator, so a second, auto-generated file stands in for
        /// the implementation part it would emit.
        /// </summary>
        private static Task LibraryImportAsync(string source, string generatedPart, params DiagnosticResult[] expected)
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/Test0.cs", source));
            test.TestState.Sources.Add(("/0/Test0.g.cs", generatedPart));
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }
    }
}
