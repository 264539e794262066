using System;

namespace LockLeak.Catalog
{
    /// <summary>What a method of the compilation does to one of its parameters, read from its body.</summary>
    [Flags]
    internal enum ParameterRelease
    {
        None = 0,

        /// <summary>Disposes or closes it (a release verb on it, or `using` over it).</summary>
        Disposes = 1,

        /// <summary>Passes it to a native release: DeleteCriticalSection, pthread_*_destroy, sem_destroy, CloseHandle.</summary>
        NativeRelease = 2,

        /// <summary>Frees the memory it points to: Marshal.FreeHGlobal / FreeCoTaskMem, NativeMemory.Free.</summary>
        FreesMemory = 4,

        /// <summary>Disposes or closes every element of it: `foreach (var l in ls) l.Dispose();`, `Array.ForEach(ls, l => l.Dispose())`.</summary>
        DisposesEach = 8,

        /// <summary>Passes every element of it to a native release: `foreach (var h in hs) CloseHandle(h);`.</summary>
        NativeReleasesEach = 16,
    }
}
