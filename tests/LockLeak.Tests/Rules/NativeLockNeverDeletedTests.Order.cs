using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK003: a release counts only while the lock is still there, judged in order on each disposal path.</summary>
    public partial class NativeLockNeverDeletedTests
    {
        private const string PointerOwner = """
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

                DISPOSE

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(CRITICAL_SECTION* cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(CRITICAL_SECTION* cs);
            }
            """ + CriticalSectionStruct;

        private const string HandleOwner = """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
                    {|#0:InitializeCriticalSection(_cs)|};
                }

                DISPOSE

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);

                [DllImport("kernel32")]
                private static extern void DeleteCriticalSection(IntPtr cs);
            }
            """;

        private const string Late = "'StoreObject' initializes critical section '_cs' with InitializeCriticalSection but never calls DeleteCriticalSection while the lock is still there: ";

        [Fact]
        public Task DeleteAfterGuardedFree_Reports_AfterFreeingItsMemory() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            public void {|#1:Dispose|}()
                {
                    if (_cs != null)
                    {
                        NativeMemory.Free(_cs);
                        _cs = null;
                    }

                    DeleteCriticalSection(_cs);
                }
            """),
            Lck003(0).WithLocation(1).WithMessage(Late + "it deletes it after freeing its memory"));

        [Fact]
        public Task FreeThenDelete_Unguarded_Reports_AfterFreeingItsMemory() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            public void {|#1:Dispose|}()
                {
                    NativeMemory.Free(_cs);
                    DeleteCriticalSection(_cs);
                }
            """),
            Lck003(0).WithLocation(1).WithMessage(Late + "it deletes it after freeing its memory"));

        [Fact]
        public Task DeleteInFinallyAfterFreeInHelper_Reports() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            public void {|#1:Dispose|}()
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
            """),
            Lck003(0).WithLocation(1).WithMessage(Late + "it deletes it after freeing its memory"));

        [Fact]
        public Task DeleteAfterReset_Reports_AfterSettingItToZero() => Verify.DiagnosticsAsync(HandleOwner.Replace("DISPOSE", """
            public void {|#1:Dispose|}()
                {
                    var memory = _cs;
                    _cs = IntPtr.Zero;
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(memory);
                }
            """),
            Lck003(0).WithLocation(1).WithMessage(Late + "it deletes it after setting '_cs' to IntPtr.Zero"));

        [Fact]
        public Task DeleteAfterInterlockedExchangeOfTheField_Reports() => Verify.DiagnosticsAsync(HandleOwner.Replace("DISPOSE", """
            public void {|#1:Dispose|}()
                {
                    var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                    DeleteCriticalSection(_cs);
                    Marshal.FreeHGlobal(memory);
                }
            """),
            Lck003(0).WithLocation(1).WithMessage(Late + "it deletes it after setting '_cs' to IntPtr.Zero"));

        [Fact]
        public Task DeleteOfTheExchangedValue_NoDiagnostic() => Verify.DiagnosticsAsync(HandleOwner.Replace("DISPOSE", """
            public void Dispose()
                {
                    var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                    if (memory != IntPtr.Zero)
                    {
                        DeleteCriticalSection(memory);
                        Marshal.FreeHGlobal(memory);
                    }
                }
            """).Replace("{|#0:", "").Replace(")|};", ");"));

        [Fact]
        public Task DeleteOfALocalCopyAfterReset_NoDiagnostic() => Verify.DiagnosticsAsync(HandleOwner.Replace("DISPOSE", """
            public void Dispose()
                {
                    var cs = _cs;
                    _cs = IntPtr.Zero;
                    if (cs != IntPtr.Zero)
                    {
                        DeleteCriticalSection(cs);
                        Marshal.FreeHGlobal(cs);
                    }
                }
            """).Replace("{|#0:", "").Replace(")|};", ");"));

        [Fact]
        public Task DeleteFreeReset_InOrder_NoDiagnostic() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            public void Dispose()
                {
                    if (_cs != null)
                    {
                        DeleteCriticalSection(_cs);
                        NativeMemory.Free(_cs);
                        _cs = null;
                    }
                }
            """).Replace("{|#0:", "").Replace(")|};", ");"));

        [Fact]
        public Task FreeOnAnExclusiveBranch_BeforeTheDelete_NoDiagnostic() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            private bool _initialized = true;

                public void Dispose()
                {
                    if (!_initialized)
                    {
                        NativeMemory.Free(_cs);
                    }
                    else
                    {
                        DeleteCriticalSection(_cs);
                        NativeMemory.Free(_cs);
                    }
                }
            """).Replace("{|#0:", "").Replace(")|};", ");"));

        [Fact]
        public Task ResetOnABranchThatReturns_BeforeTheDelete_NoDiagnostic() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            private bool _disposed;

                public void Dispose()
                {
                    if (_disposed)
                    {
                        _cs = null;
                        return;
                    }

                    _disposed = true;
                    DeleteCriticalSection(_cs);
                    NativeMemory.Free(_cs);
                }
            """).Replace("{|#0:", "").Replace(")|};", ");"));

        [Fact]
        public Task DeleteInDispose_FreeInFinalizerPath_ThroughSharedHelper_NoDiagnostic() => Verify.DiagnosticsAsync(PointerOwner.Replace("DISPOSE", """
            public void Dispose()
                {
                    Cleanup();
                    GC.SuppressFinalize(this);
                }

                ~StoreObject() => Cleanup();

                private void Cleanup()
                {
                    if (_cs == null)
                    {
                        return;
                    }

                    DeleteCriticalSection(_cs);
                    NativeMemory.Free(_cs);
                    _cs = null;
                }
            """).Replace("{|#0:", "").Replace(")|};", ");").Replace("unsafe sealed class", "unsafe class"));
    }
}
