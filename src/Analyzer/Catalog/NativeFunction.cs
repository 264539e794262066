namespace LockLeak.Catalog
{
    /// <summary>One entry point of the native table: what it does to a lock, and the row it belongs to.</summary>
    internal sealed class NativeFunction
    {
        public NativeFunction(string entryPoint, NativeRole role, NativeApi api, string? lockName = null)
        {
            EntryPoint = entryPoint;
            Role = role;
            Api = api;
            LockName = lockName ?? api.LockName;
        }

        public string EntryPoint { get; }

        public NativeRole Role { get; }

        /// <summary>The row of <see cref="NativeApi.Table"/>: the release, its signature, the memory that may hold the lock.</summary>
        public NativeApi Api { get; }

        /// <summary>The entry point that releases what this one creates (itself for a release).</summary>
        public string ReleaseEntryPoint => Api.Release;

        /// <summary>How a message names the lock: "critical section", "pthread mutex", ...</summary>
        public string LockName { get; }
    }
}
