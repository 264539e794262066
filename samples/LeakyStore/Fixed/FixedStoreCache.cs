using System;
using System.Collections.Generic;
using System.Threading;

namespace LeakyStore.Fixed
{
    /// <summary>
    /// <see cref="StoreCache"/> after LockLeak's LCK002 fix, and nothing else: Dispose now disposes the
    /// reader-writer lock the constructor created.
    /// </summary>
    public sealed class FixedStoreCache : IStoreCache
    {
        private readonly ReaderWriterLockSlim _lock;
        private readonly Dictionary<string, string> _stores = new Dictionary<string, string>();

        public FixedStoreCache()
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
            _lock.Dispose();
        }
    }
}
