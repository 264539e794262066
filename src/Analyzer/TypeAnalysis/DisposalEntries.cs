using System;

namespace LockLeak.TypeAnalysis
{
    /// <summary>The disposal entries a type declares in source, as <see cref="DisposalModel"/> finds them.</summary>
    [Flags]
    internal enum DisposalEntries
    {
        None = 0,
        /// <summary>`Dispose()` or explicit `IDisposable.Dispose()`.</summary>
        Dispose = 1,
        /// <summary>`Dispose(bool)`.</summary>
        DisposeBool = 2,
        /// <summary>`DisposeAsync()` or explicit `IAsyncDisposable.DisposeAsync()`.</summary>
        DisposeAsync = 4,
        /// <summary>`DisposeAsyncCore()`.</summary>
        DisposeAsyncCore = 8,
        Finalizer = 16,
        /// <summary>`ReleaseHandle()` of a SafeHandle subclass.</summary>
        ReleaseHandle = 32,
        /// <summary>A method named by `lockleak.release_methods`.</summary>
        Configured = 64,
        /// <summary>An override of a hook the base type's disposal calls, whatever its name.</summary>
        Hook = 128,
    }
}
