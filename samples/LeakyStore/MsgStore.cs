using System;

namespace LeakyStore
{
    /// <summary>An open message store, as <see cref="MapiSession.OpenMsgStore"/> returns it. Close (or Dispose) releases it.</summary>
    public sealed class MsgStore : IDisposable
    {
        private readonly MapiSession _session;
        private readonly long _nativeBytesAtOpen;
        private IStoreContext? _context;

        internal MsgStore(MapiSession session, IStoreContext context)
        {
            _session = session;
            _context = context;
            _nativeBytesAtOpen = context.NativeBytesHeld;
        }

        public string Name => Context.StoreName;

        public bool IsClosed => _context is null;

        internal long NativeBytesAtOpen => _nativeBytesAtOpen;

        public void SetProperty(string name, string value) => Context.SetProperty(name, value);

        public string? GetProperty(string name) => Context.GetProperty(name);

        /// <summary>Closes the store: disposes its context. Closing twice does nothing.</summary>
        public void Close()
        {
            var context = _context;
            if (context is null)
            {
                return;
            }

            _context = null;
            context.Dispose();
            _session.OnStoreClosed(_nativeBytesAtOpen - context.NativeBytesHeld);
        }

        public void Dispose() => Close();

        private IStoreContext Context => _context ?? throw new ObjectDisposedException(nameof(MsgStore), "The store is closed.");
    }
}
