using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK003: a lock whose storage points into another member's block (`_cond = _mutex + 64`) is freed with that block.</summary>
    public partial class NativeLockNeverDeletedTests
    {
        private const string TwoLocksInOneBlock = """
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
                    {|#0:pthread_cond_init(_cond, IntPtr.Zero)|};
                }

                public void {|#1:Dispose|}()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        TEARDOWN
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
            """;

        [Fact]
        public Task LockInAnotherMembersBlock_DeletedAfterTheBlocksFree_Reports() => Verify.DiagnosticsAsync(
            TwoLocksInOneBlock.Replace("TEARDOWN", "Marshal.FreeHGlobal(_mutex);\n                pthread_cond_destroy(_cond);"),
            Lck003(0).WithLocation(1).WithMessage(
                "'Gate' initializes pthread condition variable '_cond' with pthread_cond_init but never calls pthread_cond_destroy while the lock is still there: it deletes it after freeing its memory"));

        [Fact]
        public Task LockInAnotherMembersBlock_DeletedBeforeTheBlocksFree_NoDiagnostic() => Verify.DiagnosticsAsync(
            TwoLocksInOneBlock.Replace("TEARDOWN", "pthread_cond_destroy(_cond);\n                Marshal.FreeHGlobal(_mutex);").Replace("{|#0:", string.Empty).Replace(")|};", ");").Replace("{|#1:Dispose|}", "Dispose"));
    }
}
