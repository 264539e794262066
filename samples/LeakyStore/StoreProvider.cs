using System;
using LeakyStore.Fixed;

namespace LeakyStore
{
    /// <summary>
    /// A message store provider: what a <see cref="MapiSession"/> builds for every store it opens. Two providers
    /// ship side by side and differ only in their store context and cache: the leaky ones, and the same types after
    /// LockLeak's fixes (namespace LeakyStore.Fixed).
    /// </summary>
    public abstract class StoreProvider
    {
        private protected StoreProvider(string name)
        {
            Name = name;
        }

        /// <summary>The provider whose store context never deletes its native lock.</summary>
        public static StoreProvider Leaky { get; } = new LeakyProvider();

        /// <summary>The same provider after LockLeak's fixes.</summary>
        public static StoreProvider Fixed { get; } = new FixedProvider();

        public string Name { get; }

        internal abstract IStoreContext CreateContext(string storeName);

        internal abstract IStoreCache CreateCache();

        private sealed class LeakyProvider : StoreProvider
        {
            public LeakyProvider()
                : base("leaky")
            {
            }

            internal override IStoreContext CreateContext(string storeName) =>
                OperatingSystem.IsWindows() ? new WindowsStoreContext(storeName) : new PosixStoreContext(storeName);

            internal override IStoreCache CreateCache() => new StoreCache();
        }

        private sealed class FixedProvider : StoreProvider
        {
            public FixedProvider()
                : base("fixed")
            {
            }

            internal override IStoreContext CreateContext(string storeName) =>
                OperatingSystem.IsWindows() ? new FixedWindowsStoreContext(storeName) : new FixedPosixStoreContext(storeName);

            internal override IStoreCache CreateCache() => new FixedStoreCache();
        }
    }
}
