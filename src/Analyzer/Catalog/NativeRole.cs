namespace LockLeak.Catalog
{
    /// <summary>What a native function does to a lock, matched on its entry point (A/W suffix ignored).</summary>
    internal enum NativeRole
    {
        /// <summary>Initializes a lock in memory the caller owns (critical section, pthread object, sem_t).</summary>
        InitializeInPlace,
        /// <summary>Returns a kernel handle to a mutex, semaphore or event.</summary>
        CreateHandle,
        /// <summary>Deletes or destroys a lock, or closes its handle.</summary>
        Release,
    }
}
