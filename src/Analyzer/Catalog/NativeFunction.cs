namespace LockLeak.Catalog
{
    /// <summary>One row of the native table: an entry point, what it does to a lock, and the entry point that releases it.</summary>
    internal sealed class NativeFunction
    {
        public NativeFunction(string entryPoint, NativeRole role, string release, string lockName)
        {
            EntryPoint = entryPoint;
            Role = role;
            ReleaseEntryPoint = release;
            LockName = lockName;
        }

        public string EntryPoint { get; }

        public NativeRole Role { get; }

        /// <summary>The entry point that releases what this one creates (itself for a release).</summary>
        public string ReleaseEntryPoint { get; }

        /// <summary>How a message names the lock: "critical section", "pthread mutex", ...</summary>
        public string LockName { get; }
    }
}
