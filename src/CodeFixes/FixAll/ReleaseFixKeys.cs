using LockLeak.Rules;

namespace LockLeak.CodeFixes.FixAll
{
    /// <summary>The equivalence key of each release fix, by the id of the diagnostic it fixes: stable, so Fix All gathers them.</summary>
    internal static class ReleaseFixKeys
    {
        /// <summary>LCK001: make the type disposable and release the primitive.</summary>
        public const string MakeDisposable = DiagnosticIds.TypeMustBeDisposable + ".ReleaseInDispose";

        /// <summary>LCK002: release the primitive in the type's Dispose.</summary>
        public const string ReleaseInDispose = DiagnosticIds.LockNotReleasedInDispose + ".ReleaseInDispose";

        /// <summary>LCK006: dispose a primitive that holds no OS handle, safe only after its last waiter.</summary>
        public const string DisposeAfterLastWaiter = DiagnosticIds.HandleFreeLockNeverDisposed + ".DisposeAfterLastWaiter";

        /// <summary>LCK003: delete the native lock (and free its memory).</summary>
        public const string DeleteNativeLock = "LockLeak.LCK003.DeleteNativeLock";

        public static string? For(string diagnosticId) => diagnosticId switch
        {
            DiagnosticIds.TypeMustBeDisposable => MakeDisposable,
            DiagnosticIds.LockNotReleasedInDispose => ReleaseInDispose,
            DiagnosticIds.NativeLockNeverDeleted => DeleteNativeLock,
            DiagnosticIds.HandleFreeLockNeverDisposed => DisposeAfterLastWaiter,
            _ => null,
        };
    }
}
