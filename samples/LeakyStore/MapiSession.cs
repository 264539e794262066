using System;

namespace LeakyStore
{
    /// <summary>
    /// A session that opens message stores through a provider, shaped like MAPI's IMAPISession::OpenMsgStore.
    /// It also keeps the books on the native memory of the stores it opened: what each store context held when
    /// opened, and what it still holds once closed.
    /// </summary>
    public sealed class MapiSession : IDisposable
    {
        private readonly StoreProvider _provider;
        private readonly IStoreCache _cache;
        private bool _disposed;

        public MapiSession(StoreProvider provider)
        {
            _provider = provider ?? throw new ArgumentNullException(nameof(provider));
            _cache = provider.CreateCache();
        }

        public StoreProvider Provider => _provider;

        /// <summary>Stores opened by <see cref="OpenMsgStore"/>.</summary>
        public long StoresOpened { get; private set; }

        /// <summary>Stores closed again.</summary>
        public long StoresClosed { get; private set; }

        /// <summary>Native bytes the store contexts held for their locks when they were opened.</summary>
        public long NativeBytesAllocated { get; private set; }

        /// <summary>Native bytes the store contexts released when they were closed.</summary>
        public long NativeBytesFreed { get; private set; }

        /// <summary>Native bytes allocated and not freed: open stores' locks, and the locks closed stores leaked.</summary>
        public long NativeBytesStillAllocated => NativeBytesAllocated - NativeBytesFreed;

        public MsgStore OpenMsgStore(string storeName)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(MapiSession));
            }

            var store = new MsgStore(this, _provider.CreateContext(storeName));
            NativeBytesAllocated += store.NativeBytesAtOpen;
            StoresOpened++;
            _cache.Add(storeName, "/stores/" + storeName + ".pst");
            return store;
        }

        internal void OnStoreClosed(long nativeBytesFreed)
        {
            StoresClosed++;
            NativeBytesFreed += nativeBytesFreed;
        }

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _cache.Dispose();
            }
        }
    }
}
