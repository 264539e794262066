using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace LeakyStore.Fixed
{
    /// <summary>
    /// <see cref="PosixStoreContext"/> after LockLeak's LCK003 fix, and nothing else: Dispose(bool) now calls
    /// pthread_mutex_destroy and frees the pthread mutex's memory, outside <c>if (disposing)</c>
    /// where unmanaged state is released, so closing a store releases its lock and no OpenMsgStore/Close leaks.
    /// </summary>
    internal unsafe class FixedPosixStoreContext : IStoreContext
    {
        private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly MemoryStream _journal = new MemoryStream();
        private void* _mutex;
        private bool _disposed;

        public FixedPosixStoreContext(string storeName)
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

            if (_mutex != null)
            {
                pthread_mutex_destroy(_mutex);
                NativeMemory.Free(_mutex);
                _mutex = null;
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
