using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK005: a lock whose storage points into a block another field allocated is guarded by the block's null check.</summary>
    public partial class LockReleasedOnSomePathsTests
    {
        private const string TwoLocksInOneBlock = """
            using System;
            using System.Runtime.InteropServices;

            sealed class Gate : IDisposable
            {
                private IntPtr _mutex;
                private IntPtr _cond;
                private IntPtr _spare;

                public Gate()
                {
                    _mutex = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                    _cond = _mutex + 64;
                    pthread_cond_init(_cond, IntPtr.Zero);
                }

                public void Dispose()
                {
                    if (CHECKED != IntPtr.Zero)
                    {
                        {|#0:pthread_mutex_destroy(_mutex)|};
                        {|#1:pthread_cond_destroy(_cond)|};
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
            """;

        [Fact]
        public Task LockInABlock_UnderTheBlocksNullCheck_NoDiagnostic() =>
            Verify.DiagnosticsAsync(TwoLocksInOneBlock.Replace("CHECKED", "_mutex").Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace(")|};", ");"));

        [Fact]
        public Task LockInABlock_UnderTheCheckOfAnotherField_Reports() => Verify.DiagnosticsAsync(
            TwoLocksInOneBlock.Replace("CHECKED", "_spare"),
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithSpan(20, 9, 27, 10)
                .WithMessage("'Gate' releases pthread mutex '_mutex' in 'Dispose()' only when _spare != IntPtr.Zero; other calls of Dispose leak it"),
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(1).WithSpan(20, 9, 27, 10)
                .WithMessage("'Gate' releases pthread condition variable '_cond' in 'Dispose()' only when _spare != IntPtr.Zero; other calls of Dispose leak it"));
    }
}
