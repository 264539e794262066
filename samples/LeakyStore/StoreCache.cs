using System;
using System.Collections.Generic;
using System.Threading;

namespace LeakyStore
{
    /// <summary>
    /// A cache of open stores whose constructor creates a reader-writer lock that its Dispose forgets:
    /// every cache instance leaks the lock (LCK002).
    /// </summary>
    public sealed class StoreCache : IStoreCache
    {
        private readonly ReaderWriterLockSlim _lock;
        private readonly Dictionary<string, string> _stores = new Dictionary<string, string>();

        public StoreCache()
        {
            _lock = new ReaderWriterLockSlim();
        }

        public void Add(string name, string path)
        {
            _lock.EnterWriteLock();
            try
            {
                _stores[name] = path;
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }

        public void Dispose()
        {
            _stores.Clear();
        }
    }
}
