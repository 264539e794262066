using System;

namespace LeakyStore
{
    /// <summary>
    /// The internal object a provider builds for every open message store: the store's properties, guarded by a
    /// native lock that the context creates in its constructor.
    /// </summary>
    internal interface IStoreContext : IDisposable
    {
        string StoreName { get; }

        /// <summary>
        /// Bytes of native memory the context still holds for its lock. The session reads it when a store is opened
        /// and again after the store is closed: what a closed context still holds has leaked.
        /// </summary>
        long NativeBytesHeld { get; }

        void SetProperty(string name, string value);

        string? GetProperty(string name);
    }
}
