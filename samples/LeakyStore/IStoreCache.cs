using System;

namespace LeakyStore
{
    /// <summary>The session's table of the stores it has opened, shared by every store of the session.</summary>
    internal interface IStoreCache : IDisposable
    {
        void Add(string name, string path);
    }
}
