namespace LockLeak.TypeAnalysis
{
    /// <summary>Why a release the type writes does not count (SPEC: a release counts only while the lock is still there).</summary>
    internal enum LateRelease
    {
        None,
        /// <summary>The native delete runs after the path freed the memory that holds the lock.</summary>
        DeleteAfterFree,
        /// <summary>The native delete runs after the path reset the storage (null, IntPtr.Zero, 0, default, Interlocked.Exchange).</summary>
        DeleteAfterReset,
        /// <summary>The free of the lock's memory runs before the delete (or with no delete at all on that path).</summary>
        FreeBeforeDelete,
        /// <summary>A managed Dispose of a member the path already set to null.</summary>
        DisposeAfterReset,
    }
}
