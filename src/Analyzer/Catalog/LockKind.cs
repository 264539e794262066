namespace LockLeak.Catalog
{
    /// <summary>What a lock-owning creation produces.</summary>
    internal enum LockKind
    {
        /// <summary>A managed primitive (SemaphoreSlim, a WaitHandle, a configured type, a SafeHandle from a native creator).</summary>
        Managed,
        /// <summary>A disposable type of this compilation that itself owns a primitive.</summary>
        Wrapper,
        /// <summary>A native lock initialized in memory the type owns (critical section, pthread object).</summary>
        NativeInPlace,
        /// <summary>A native kernel handle returned as IntPtr/nint (CreateMutex, CreateEvent...).</summary>
        NativeHandle,
    }
}
