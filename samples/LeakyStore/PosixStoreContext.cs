using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace LeakyStore
{
    /// <summary>
    /// The per-store object of the leaky provider on Linux and macOS. Its constructor allocates a pthread mutex
    /// and initializes it; its Dispose closes the change journal and drops the properties, but never destroys the
    /// mutex nor frees its memory, so every OpenMsgStore/Close leaks one pthread_mutex_t (LCK003).
    /// </summary>
    internal unsafe class PosixStoreContext : IStoreContext
    {
        private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly MemoryStream _journal = new MemoryStream();
        private void* _mutex;
        private bool _disposed;

        public PosixStoreContext(string storeName)
        {
            StoreName = storeName;
            _mutex = NativeMemory.Alloc((nuint)NativeLockLayout.Size);
            var error = pthread_mutex_init(_mutex, null);
            if (error != 0)
            {
                throw new InvalidOperationException($"pthread_mutex_init failed with error {error}.");
            }
        }

        public string StoreName { get; }

        public long NativeBytesHeld => _mutex == null ? 0 : NativeLockLayout.Size;

        public void SetProperty(string name, string value)
        {
            Lock();
            try
            {
                _properties[name] = value;
                _journal.Write(Encoding.UTF8.GetBytes(name + "=" + value + "\n"));
            }
            finally
            {
                Unlock();
            }
        }

        public string? GetProperty(string name)
        {
            Lock();
            try
            {
                return _properties.TryGetValue(name, out var value) ? value : null;
            }
            finally
            {
                Unlock();
            }
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (disposing)
            {
                _journal.Dispose();
                _properties.Clear();
            }
        }

        private void Lock()
        {
            var error = pthread_mutex_lock(_mutex);
            if (error != 0)
            {
                throw new InvalidOperationException($"pthread_mutex_lock failed with error {error}.");
            }
        }

        private void Unlock() => pthread_mutex_unlock(_mutex);

        [DllImport("libc", EntryPoint = "pthread_mutex_init")]
        private static extern int pthread_mutex_init(void* mutex, void* attributes);

        [DllImport("libc", EntryPoint = "pthread_mutex_lock")]
        private static extern int pthread_mutex_lock(void* mutex);

        [DllImport("libc", EntryPoint = "pthread_mutex_unlock")]
        private static extern int pthread_mutex_unlock(void* mutex);

        [DllImport("libc", EntryPoint = "pthread_mutex_destroy")]
        private static extern int pthread_mutex_destroy(void* mutex);
    }
}
