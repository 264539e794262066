namespace LockLeak.TypeAnalysis
{
    /// <summary>Which row of SPEC's fix table an owner type falls in.</summary>
    internal enum DisposalKind
    {
        /// <summary>The type declares a disposal entry: Dispose(bool), Dispose(), DisposeAsync/DisposeAsyncCore, ReleaseHandle, a finalizer, or an override of a base hook.</summary>
        Own,
        /// <summary>Disposable through a base whose Dispose(bool), Dispose() or a hook its disposal calls it can override.</summary>
        BaseOverride,
        /// <summary>Disposable through a base whose Dispose cannot be extended: no fix, and the LCK002 message says why.</summary>
        BaseNotExtensible,
        /// <summary>Nothing disposes the type yet: the fix adds IDisposable (where allowed) and a Dispose.</summary>
        New,
    }
}
