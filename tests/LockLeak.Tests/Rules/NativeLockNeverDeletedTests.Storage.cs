using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK003 on SPEC's storage shapes: a nested struct field, a pinned fixed-size buffer, a SafeHandle's SetHandle memory, and helpers of other types.</summary>
    public partial class NativeLockNeverDeletedTests
    {
        private const string NestedState = """

            struct StoreState
            {
                public int Opens;
                public CRITICAL_SECTION Gate;
            }
            """;

        [Fact]
        public Task CriticalSectionInNestedStructField_NotDeleted_ReportsThePath() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _state;

                public StoreObject()
                {
                    {|#0:InitializeCriticalSection(ref _state.Gate)|};
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + NestedState + CriticalSectionStruct,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_state.Gate' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        [Fact]
        public Task CriticalSectionInNestedStructField_Deleted_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private StoreState _state;

                public StoreObject()
                {
                    InitializeCriticalSection(ref _state.Gate);
                }

                public void Dispose()
                {
                    DeleteCriticalSection(ref _state.Gate);
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }
            """ + NestedState + CriticalSectionStruct);

        [Fact]
        public Task CriticalSectionInPinnedFixedBuffer_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe struct NativeGate : IDisposable
            {
                private fixed byte _cs[64];

                public NativeGate(int spinCount)
                {
                    fixed (byte* section = _cs)
                    {
                        {|#0:InitializeCriticalSectionAndSpinCount(section, spinCount)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(byte* cs, int spinCount);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'NativeGate' initializes critical section '_cs' with InitializeCriticalSectionAndSpinCount but never calls DeleteCriticalSection"));

        [Fact]
        public Task CriticalSectionInPinnedFixedBuffer_Deleted_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe struct NativeGate : IDisposable
            {
                private fixed byte _cs[64];

                public NativeGate(int spinCount)
                {
                    fixed (byte* section = _cs)
                    {
                        InitializeCriticalSectionAndSpinCount(section, spinCount);
                    }
                }

                public void Dispose()
                {
                    fixed (byte* section = _cs)
                    {
                        DeleteCriticalSection(section);
                    }
                }

                [DllImport("kernel32")]
                private static extern bool InitializeCriticalSectionAndSpinCount(byte* cs, int spinCount);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(byte* cs);
            }
            """);

        [Fact]
        public Task CriticalSectionInFixedBufferOfNestedStruct_NotDeleted_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class StoreObject : IDisposable
            {
                private Storage _storage;

                public StoreObject()
                {
                    fixed (byte* section = _storage.Section)
                    {
                        {|#0:InitializeCriticalSection(section)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(byte* cs);

                private struct Storage
                {
                    public fixed byte Section[64];
                }
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_storage.Section' with InitializeCriticalSection but never calls DeleteCriticalSection"));

        [Fact]
        public Task SafeHandleSetHandle_ReleaseHandleOnlyFrees_ReportsMissingDelete() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    var memory = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(memory)|};
                    SetHandle(memory);
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

        [Fact]
        public Task SafeHandleSetHandle_ReleaseHandleOnlyDeletes_ReportsMissingFree() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CriticalSectionHandle : SafeHandle
            {
                public CriticalSectionHandle()
                    : base(IntPtr.Zero, ownsHandle: true)
                {
                    var memory = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(memory)|};
                    SetHandle(memory);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool {|#1:ReleaseHandle|}()
                {
                    DeleteCriticalSection(handle);
                    return true;
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'CriticalSectionHandle' initializes critical section 'handle' with InitializeCriticalSection but never frees its memory with Marshal.FreeHGlobal"));

        [Fact]
        public Task SafeHandleSetHandle_ReleaseHandleDeletesAndFrees_NoDiagnostic() => Verify.DiagnosticsAsync("""
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

        [Fact]
        public Task StaticHelperOfAnotherTypeDeletesAndFrees_NoDiagnostic() => Verify.DiagnosticsAsync("""
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

                public void Dispose() => NativeLock.Destroy(_cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }

            static class NativeLock
            {
                public static void Destroy(IntPtr cs)
                {
                    Delete(cs);
                    Marshal.FreeHGlobal(cs);
                }

                [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
                private static extern void Delete(IntPtr cs);
            }
            """);

        [Fact]
        public Task StaticHelperOfAnotherTypeOnlyDeletes_ReportsMissingFree() => Verify.DiagnosticsAsync("""
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

                public void {|#1:Dispose|}() => NativeLock.Destroy(_cs);

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }

            static class NativeLock
            {
                public static void Destroy(IntPtr cs) => Win32.DeleteCriticalSection(cs);
            }

            static class Win32
            {
                [DllImport("kernel32")]
                public static extern void DeleteCriticalSection(IntPtr cs);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never frees its memory with Marshal.FreeHGlobal"));

        [Fact]
        public Task KernelHandleWrappedInSafeHandleOwningIt_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using Microsoft.Win32.SafeHandles;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _event;
                private readonly SafeWaitHandle _owner;

                public StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                    _owner = new SafeWaitHandle(_event, ownsHandle: true);
                }

                public void Dispose() => _owner.Dispose();

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """);

        [Fact]
        public Task KernelHandleWrappedInSafeHandleNotOwningIt_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using Microsoft.Win32.SafeHandles;

            sealed class StoreObject : IDisposable
            {
                private readonly IntPtr _event;
                private readonly SafeWaitHandle _view;

                public StoreObject()
                {
                    _event = {|#0:CreateEvent(IntPtr.Zero, true, false, null)|};
                    _view = new SafeWaitHandle(_event, ownsHandle: false);
                }

                public void {|#1:Dispose|}() => _view.Dispose();

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """,
            Lck003(0).WithLocation(1).WithMessage("'StoreObject' initializes native event handle '_event' with CreateEvent but never calls CloseHandle"));
    }
}
