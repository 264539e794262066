namespace LockLeak.Tests.FixOracle
{
    public enum OwnerKind { Class, SealedClass, Struct, ReadonlyStruct, Record, RecordStruct, RefStruct }

    /// <summary>The base type the owner derives from; only class and record owners can have one.</summary>
    public enum BaseShape
    {
        None,
        VirtualDisposeBool,
        ProtectedInternalDisposeBool,
        AbstractDisposeBool,

        /// <summary>A non-virtual Dispose() that calls a protected virtual OnDisposing() hook.</summary>
        Hook,

        /// <summary>The base seals its override of Dispose(bool): nothing is left to extend.</summary>
        SealedOverride,
    }

    /// <summary>What disposal the owner already declares before the fix.</summary>
    public enum Disposal
    {
        None,
        Dispose,
        ExplicitDispose,
        ExpressionDispose,
        DisposeBoolIfDisposing,
        DisposeBoolNoIf,
        DisposeAsyncOnly,
        FinalizerOnly,

        /// <summary>An override of the base's OnDisposing() hook (Hook base only).</summary>
        HookOverride,
    }

    public enum LockFamily { Managed, Pthread, CriticalSection }

    /// <summary>
    /// Issue 20's axis: the teardown the owner already does, half of it. The fix must complete it in place (SPEC,
    /// code fixes: "It completes the type's own teardown in place"). A readonly storage cannot be reset, so its
    /// owners guard with a disposed flag instead of the storage check.
    /// </summary>
    public enum Teardown
    {
        /// <summary>Not on this axis: the structural cells.</summary>
        None,

        /// <summary>Dispose frees the memory under the guard and never deletes the lock.</summary>
        FreeWithoutDelete,

        /// <summary>Dispose deletes the lock under the guard and never frees its memory.</summary>
        DeleteWithoutFree,

        /// <summary>Dispose only resets the storage.</summary>
        ResetOnly,

        /// <summary>`if (_disposed) return; _disposed = true;` then the free.</summary>
        DisposedFlagEarlyReturn,

        /// <summary>Dispose(bool) with an empty `if (disposing)`, the free after it, and a finalizer calling Dispose(false).</summary>
        DisposeBoolAndFinalizer,

        /// <summary>A Cleanup() that frees, called from Dispose and from the finalizer.</summary>
        CleanupHelper,

        /// <summary>`var p = Interlocked.Exchange(ref _mutex, 0); if (p != 0) free(p);`</summary>
        InterlockedExchange,

        /// <summary>The free in a `finally`.</summary>
        TryFinally,

        /// <summary>The free inside `lock (_sync)`.</summary>
        LockStatement,

        /// <summary>Dispose and DisposeAsync, neither calling the other, each freeing.</summary>
        BothPaths,

        /// <summary>A SafeHandle whose ReleaseHandle frees without deleting.</summary>
        ReleaseHandle,

        /// <summary>The base's Dispose() calls a virtual OnClosing(); the owner has no override.</summary>
        BaseHookOnClosing,

        /// <summary>The base seals Dispose(bool), which calls a virtual ReleaseResources(); the owner has no override.</summary>
        SealedDisposeBoolHook,

        /// <summary>A pthread mutex and a condition variable one lock size apart in one block; Dispose frees the block.</summary>
        TwoLocksOneBlock,

        /// <summary>Dispose frees the memory under the guard, then deletes the lock after it: too late (SPEC: the fix moves the delete).</summary>
        DeleteAfterFree,
    }

    /// <summary>
    /// Where the native lock lives: a heap block the field points to, inline in the owner (`ref _mutex`), in a field of a
    /// nested struct field (`ref _mutex.Lock`), or in a fixed-size buffer of a nested struct, reached through a pinned
    /// pointer (`fixed (byte* p = _mutex.Lock)`; a class cannot hold a fixed buffer itself).
    /// </summary>
    public enum NativeStorage { IntPtr, Nint, VoidPointer, InlineStruct, NestedStruct, FixedBuffer }

    public static class NativeStorageExtensions
    {
        /// <summary>The lock lives in the owner's own storage: no memory to free, no storage to reset.</summary>
        public static bool IsInline(this NativeStorage storage) => storage is NativeStorage.InlineStruct or NativeStorage.NestedStruct or NativeStorage.FixedBuffer;
    }

    public enum NativeMemorySource { None, Marshal, NativeMemory }

    public enum ImportStyle { DllImport, LibraryImport }

    /// <summary>The lock the owner creates in its constructor.</summary>
    public sealed record LockSpec(
        LockFamily Family,
        string ManagedType,
        NativeStorage Storage,
        bool ReadonlyField,
        NativeMemorySource Memory,
        bool ParameterTypeDiffers,
        ImportStyle Import,
        bool ReleaseDeclared)
    {
        public static LockSpec Managed(string type) =>
            new LockSpec(LockFamily.Managed, type, NativeStorage.IntPtr, true, NativeMemorySource.None, false, ImportStyle.DllImport, false);

        public string Id => Family switch
        {
            LockFamily.Managed => ManagedType,
            _ => string.Join(
                "-",
                Family == LockFamily.Pthread ? "pthread" : "critsec",
                Storage switch { NativeStorage.IntPtr => "IntPtr", NativeStorage.Nint => "nint", NativeStorage.VoidPointer => "voidptr", NativeStorage.NestedStruct => "nested", NativeStorage.FixedBuffer => "fixedbuf", _ => "inline" },
                ReadonlyField ? "ro" : "rw",
                Memory switch { NativeMemorySource.Marshal => "Marshal", NativeMemorySource.NativeMemory => "NativeMemory", _ => "nomem" },
                ParameterTypeDiffers ? "paramcast" : "paramsame",
                Import == ImportStyle.DllImport ? "DllImport" : "LibraryImport",
                ReleaseDeclared ? "decl" : "nodecl"),
        };
    }

    /// <summary>Project- and file-level settings: what the file sits in rather than what it declares.</summary>
    public sealed record FileSpec(bool ImplicitUsings, bool Nullable, bool Crlf, bool UsingsInsideNamespace)
    {
        public string Id => string.Join(
            "-",
            ImplicitUsings ? "iu" : "noiu",
            Nullable ? "nullable" : "oblivious",
            Crlf ? "crlf" : "lf",
            UsingsInsideNamespace ? "usingsin" : "usingsout");

        /// <summary>The two settings that belong to the project, so cells sharing them share a compilation.</summary>
        public (bool ImplicitUsings, bool Nullable) ProjectKey => (ImplicitUsings, Nullable);
    }

    /// <summary>One generated owner: the unit the oracle reports on.</summary>
    public sealed record OracleCell(int Ordinal, OwnerKind Kind, BaseShape Base, Disposal Disposal, bool DisposedFlag, LockSpec Lock, FileSpec File, Teardown Teardown = Teardown.None)
    {
        /// <summary>Stable across runs and readable in the known-failures file.</summary>
        public string Id => Teardown == Teardown.None
            ? string.Join(
                "/",
                Kind.ToString(),
                "base=" + Base,
                "disp=" + Disposal + (DisposedFlag ? "+flag" : string.Empty),
                "lock=" + Lock.Id,
                "file=" + File.Id)
            : string.Join("/", Kind.ToString(), "tear=" + Teardown + (DisposedFlag ? "+flag" : string.Empty), "lock=" + Lock.Id, "file=" + File.Id);

        /// <summary>The namespace that keeps this owner's types apart from the other owners of its compilation.</summary>
        public string Namespace => "Cell" + Ordinal.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

        public bool IsStructKind => Kind is OwnerKind.Struct or OwnerKind.ReadonlyStruct or OwnerKind.RecordStruct or OwnerKind.RefStruct;

        public bool IsRecordKind => Kind is OwnerKind.Record;

        /// <summary>The test group the cell is reported under: owner kind × lock family.</summary>
        public string Group => (Teardown == Teardown.None ? Kind.ToString() : "Teardown") + "/" + Lock.Family;

        /// <summary>
        /// SPEC offers no fix: for a base whose Dispose cannot be extended and that has no protected virtual hook,
        /// (the "—" of its fix table) for a managed primitive of a type whose only disposal is a finalizer, and for a
        /// native lock of a readonly struct, which can neither reset nor flag its storage.
        /// Such a cell passes when it is flagged and no fix is offered (or when an offered fix passes every check).
        /// </summary>
        public bool NoFixBySpec =>
            Base == BaseShape.SealedOverride || (Lock.Family == LockFamily.Managed && Disposal == Disposal.FinalizerOnly)
            || (Kind == OwnerKind.ReadonlyStruct && Lock.Family != LockFamily.Managed);
    }
}
