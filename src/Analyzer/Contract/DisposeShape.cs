using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;

namespace LockLeak.Contract
{
    /// <summary>Which row of SPEC's fix table an owner type falls in (the contract's spelling of <see cref="DisposalKind"/>).</summary>
    internal enum DisposeShapeKind
    {
        /// <summary>The type declares Dispose(bool), Dispose(), DisposeAsync/DisposeAsyncCore, ReleaseHandle, a finalizer or the override of a base hook.</summary>
        Own,
        /// <summary>Disposable through a base whose Dispose(bool), Dispose() or a hook its disposal calls it can override.</summary>
        BaseOverride,
        /// <summary>Disposable through a base whose Dispose cannot be extended: no fix, and the LCK002 message says why.</summary>
        BaseNotExtensible,
        /// <summary>Nothing disposes the type yet: the fix adds IDisposable (where allowed) and a Dispose.</summary>
        New,
    }

    /// <summary>
    /// Where a release goes, per owner type, as the rules read it: a view over the type's <see cref="DisposalModel"/>, which
    /// makes every decision (the LCK002 message and the contract the fixes read, <see cref="LockFix.WithPlacement"/>). The
    /// fixer never builds one: it reads the decisions from the contract.
    /// </summary>
    internal sealed class DisposeShape
    {
        private DisposeShape(DisposalModel model) => Model = model;

        public DisposalModel Model { get; }

        public DisposeShapeKind Kind => Model.Kind switch
        {
            DisposalKind.Own => DisposeShapeKind.Own,
            DisposalKind.BaseOverride => DisposeShapeKind.BaseOverride,
            DisposalKind.BaseNotExtensible => DisposeShapeKind.BaseNotExtensible,
            _ => DisposeShapeKind.New,
        };

        /// <summary>The type's own synchronous path: Dispose(bool), else Dispose(), else explicit IDisposable.Dispose, else a base hook's override.</summary>
        public IMethodSymbol? Sync => Model.Sync;

        /// <summary>The type's own asynchronous path: DisposeAsyncCore, else DisposeAsync.</summary>
        public IMethodSymbol? Async => Model.Async;

        /// <summary>Both paths exist and neither runs the other: each must release.</summary>
        public bool BothPathsRelease => Model.BothPathsRelease;

        public IMethodSymbol? Finalizer => Model.Finalizer;

        /// <summary>The method of the type's own that a release goes into and diagnostics point at (<see cref="DisposalModel.ReleaseTarget"/>).</summary>
        public IMethodSymbol? ReleaseTarget => Model.ReleaseTarget;

        /// <summary>ReleaseHandle of a SafeHandle subclass.</summary>
        public IMethodSymbol? ReleaseHandle => Model.ReleaseHandle;

        /// <summary>For <see cref="DisposeShapeKind.BaseOverride"/>: the base method to override, whatever its name.</summary>
        public IMethodSymbol? Overridden => Model.Overridden;

        /// <summary>For <see cref="DisposeShapeKind.BaseOverride"/>: the accessibility the override must declare.</summary>
        public Accessibility OverrideAccessibility => Model.OverrideAccessibility;

        /// <summary>The base's Dispose(bool) cannot be overridden and <see cref="Overridden"/> is the virtual hook its disposal calls.</summary>
        public bool HookOfSealedDispose => Model.HookOfSealedDispose;

        /// <summary>For <see cref="DisposeShapeKind.BaseNotExtensible"/>: the base Dispose() that cannot be overridden.</summary>
        public IMethodSymbol? NotExtensible => Model.NotExtensible;

        /// <summary>For <see cref="DisposeShapeKind.New"/>: a plain `public void Dispose()` (sealed class, struct) rather than the pattern.</summary>
        public bool NewIsPlain => Model.NewIsPlain;

        /// <summary>For <see cref="DisposeShapeKind.New"/>: IDisposable goes on the base list (not on a ref struct, which disposes by pattern).</summary>
        public bool NewImplementsInterface => Model.NewImplementsInterface;

        /// <summary>For <see cref="DisposeShapeKind.New"/>: a base type already has a Dispose that a new one would hide.</summary>
        public bool NewWouldHide => Model.NewWouldHide;

        public bool IsStruct => Model.IsStruct;

        /// <summary>The disposal entries the type declares.</summary>
        public DisposalEntries Entries => Model.EntryKinds;

        /// <summary>The view of the model the analyzer computed for the type (TypeLockFacts.Disposal).</summary>
        public static DisposeShape From(DisposalModel model) => new DisposeShape(model);

        public static bool IsDisposeBool(IMethodSymbol method) => DisposalModel.IsDisposeBool(method);
    }
}
