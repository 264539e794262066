using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace LeakyStore.Fixed
{
    /// <summary>
    /// <see cref="WindowsStoreContext"/> after LockLeak's LCK003 fix, and nothing else: Dispose(bool) now calls
    /// DeleteCriticalSection and frees the critical section's memory, outside <c>if (disposing)</c>
    /// where unmanaged state is released, so closing a store releases its lock and no OpenMsgStore/Close leaks.
    /// </summary>
    internal unsafe class FixedWindowsStoreContext : IStoreContext
    {
        private readonly Dictionary<string, string> _properties = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly MemoryStream _journal = new MemoryStream();
        private void* _criticalSection;
        private bool _disposed;

        public FixedWindowsStoreContext(string storeName)
        {
            StoreName = storeName;
            _criticalSection = NativeMemory.Alloc((nuint)NativeLockLayout.Size);
            InitializeCriticalSection(_criticalSection);
        }

        public string StoreName { get; }

        public long NativeBytesHeld => _criticalSection == null ? 0 : NativeLockLayout.Size;

        public void SetProperty(string name, string value)
        {
            EnterCriticalSection(_criticalSection);
            try
            {
                _properties[name] = value;
                _journal.Write(Encoding.UTF8.GetBytes(name + "=" + value + "\n"));
            }
            finally
            {
                LeaveCriticalSection(_criticalSection);
            }
        }

        public string? GetProperty(string name)
        {
            EnterCriticalSection(_criticalSection);
            try
            {
                return _properties.TryGetValue(name, out var value) ? value : null;
            }
            finally
            {
                LeaveCriticalSection(_criticalSection);
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

            if (_criticalSection != null)
            {
                DeleteCriticalSection(_criticalSection);
                NativeMemory.Free(_criticalSection);
                _criticalSection = null;
            }
        }

        [DllImport("kernel32", EntryPoint = "InitializeCriticalSection")]
        private static extern void InitializeCriticalSection(void* criticalSection);

        [DllImport("kernel32", EntryPoint = "EnterCriticalSection")]
        private static extern void EnterCriticalSection(void* criticalSection);

        [DllImport("kernel32", EntryPoint = "LeaveCriticalSection")]
        private static extern void LeaveCriticalSection(void* criticalSection);

        [DllImport("kernel32", EntryPoint = "DeleteCriticalSection")]
        private static extern void DeleteCriticalSection(void* criticalSection);
    }
}
