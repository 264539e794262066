using System;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// THE disposal model of one type: the single place that decides what a type's disposal is. Every rule, message and
    /// fix asks it, and a new release shape is taught here and nowhere else on the analyzer side. It knows
    /// <list type="bullet">
    /// <item>every disposal entry the type declares (<see cref="Entries"/>): Dispose(), explicit IDisposable.Dispose,
    /// Dispose(bool), DisposeAsync/DisposeAsyncCore (explicit IAsyncDisposable included), the finalizer, ReleaseHandle of a
    /// SafeHandle subclass, the methods lockleak.release_methods names, and the override of every hook the base type's
    /// disposal calls, whatever its name (<see cref="BaseHooks"/>: decided by what the base's Dispose/Dispose(bool)/DisposeAsync
    /// bodies call on themselves, not by the hook's name; a base in metadata, whose body is not visible, falls back to a
    /// name that says Dispose);</item>
    /// <item>how the entries call each other: a Dispose() that runs DisposeAsync() (or the reverse) is one path with it
    /// (<see cref="SyncRunsAsync"/>, <see cref="AsyncRunsSync"/>), and <see cref="BothPathsRelease"/> says when the sync and
    /// the async path must each release;</item>
    /// <item>where a release goes (<see cref="Kind"/>, <see cref="ReleaseTarget"/>, <see cref="Overridden"/> with its
    /// accessibility, <see cref="HookOfSealedDispose"/>).</item>
    /// </list>
    /// The helpers each path reaches, and the order of what it does there, are walked from <see cref="Roots"/> by
    /// <see cref="ReleaseFinder"/>. Built only for types in which a creation was seen (and by the fixer for the type it edits).
    /// </summary>
    internal sealed partial class DisposalModel
    {
        private DisposalModel(INamedTypeSymbol type, DisposalKind kind)
        {
            Type = type;
            Kind = kind;
        }

        public INamedTypeSymbol Type { get; }

        public DisposalKind Kind { get; private set; }

        /// <summary>Every disposal entry the type declares in source, with what it is.</summary>
        public ImmutableArray<(IMethodSymbol Method, DisposalEntries Entry)> Entries { get; private set; } = ImmutableArray<(IMethodSymbol, DisposalEntries)>.Empty;

        public DisposalEntries EntryKinds { get; private set; }

        /// <summary>The methods a walk of the type's releases starts from: every entry.</summary>
        public ImmutableArray<IMethodSymbol> Roots => Entries.Select(e => e.Method).ToImmutableArray();

        /// <summary>The type's own synchronous path: Dispose(bool), else Dispose(), else explicit IDisposable.Dispose, else the override of a base hook.</summary>
        public IMethodSymbol? Sync { get; private set; }

        /// <summary>The type's own asynchronous path: DisposeAsyncCore, else DisposeAsync.</summary>
        public IMethodSymbol? Async { get; private set; }

        public IMethodSymbol? Finalizer { get; private set; }

        /// <summary>ReleaseHandle of a SafeHandle subclass.</summary>
        public IMethodSymbol? ReleaseHandle { get; private set; }

        /// <summary>A synchronous entry runs the asynchronous one (`DisposeAsync().AsTask().GetAwaiter().GetResult()`): one path.</summary>
        public bool SyncRunsAsync { get; private set; }

        /// <summary>The asynchronous entry hands over to the synchronous one (`Dispose()`, `Dispose(true)`): one path.</summary>
        public bool AsyncRunsSync { get; private set; }

        /// <summary>
        /// What Dispose(bool) entered on its own stands for: Dispose(true), unless no one can call it so (it is neither
        /// virtual nor an override, and every call of it in the type passes `false`).
        /// </summary>
        public bool DisposeBoolRunsDisposing { get; private set; } = true;

        /// <summary>Both paths exist and neither runs the other: callers use one or the other, so each must release.</summary>
        public bool BothPathsRelease => Sync is not null && Async is not null && !SyncRunsAsync && !AsyncRunsSync;

        /// <summary>
        /// The method of the type's own that a release goes into and diagnostics point at: where one path runs the other,
        /// the path that does the work; else the synchronous path, the asynchronous one, ReleaseHandle, the finalizer.
        /// </summary>
        public IMethodSymbol? ReleaseTarget => (SyncRunsAsync && !AsyncRunsSync ? Async ?? Sync : Sync ?? Async) ?? ReleaseHandle ?? Finalizer;

        /// <summary>The base methods the base type's disposal calls on itself and a derived type may override, whatever their names.</summary>
        public ImmutableArray<IMethodSymbol> BaseHooks { get; private set; } = ImmutableArray<IMethodSymbol>.Empty;

        /// <summary>For <see cref="DisposalKind.BaseOverride"/>: the base method to override.</summary>
        public IMethodSymbol? Overridden { get; private set; }

        /// <summary>For <see cref="DisposalKind.BaseOverride"/>: the accessibility the override must declare.</summary>
        public Accessibility OverrideAccessibility { get; private set; }

        /// <summary>The base's Dispose(bool) cannot be overridden and <see cref="Overridden"/> is the virtual hook its disposal calls.</summary>
        public bool HookOfSealedDispose { get; private set; }

        /// <summary>For <see cref="DisposalKind.BaseNotExtensible"/>: the base Dispose() that cannot be overridden.</summary>
        public IMethodSymbol? NotExtensible { get; private set; }

        /// <summary>For <see cref="DisposalKind.New"/>: a plain `public void Dispose()` (sealed class, struct) rather than the pattern.</summary>
        public bool NewIsPlain { get; private set; }

        /// <summary>For <see cref="DisposalKind.New"/>: IDisposable goes on the base list (not on a ref struct, which disposes by pattern).</summary>
        public bool NewImplementsInterface { get; private set; }

        /// <summary>For <see cref="DisposalKind.New"/>: a base type already has a Dispose that a new one would hide.</summary>
        public bool NewWouldHide { get; private set; }

        public bool IsStruct => Type.TypeKind == TypeKind.Struct;

        /// <summary>A root (or the helper a root reached) is on the synchronous side.</summary>
        public bool IsSyncPath(IMethodSymbol root) => EntryOf(root) is DisposalEntries.Dispose or DisposalEntries.DisposeBool or DisposalEntries.Hook;

        public bool IsAsyncPath(IMethodSymbol root) => EntryOf(root) is DisposalEntries.DisposeAsync or DisposalEntries.DisposeAsyncCore;

        public DisposalEntries EntryOf(IMethodSymbol root)
        {
            foreach (var (method, entry) in Entries)
            {
                if (SymbolEqualityComparer.Default.Equals(method, root))
                {
                    return entry;
                }
            }

            return DisposalEntries.None;
        }

        /// <summary>The model of a type that owns no lock: nothing is computed for it.</summary>
        public static DisposalModel None(INamedTypeSymbol type) => new DisposalModel(type, DisposalKind.New);

        public static DisposalModel For(INamedTypeSymbol type, Compilation compilation, LockLeakOptions? options = null)
        {
            var hooks = FindBaseHooks(type, compilation);
            var isSafeHandle = DerivesFrom(type, "SafeHandle", "System.Runtime.InteropServices");
            var entries = ImmutableArray.CreateBuilder<(IMethodSymbol, DisposalEntries)>();
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && !method.IsStatic && method.Locations.Any(l => l.IsInSource)
                    && EntryOf(method, options, isSafeHandle, hooks, compilation) is var entry && entry != DisposalEntries.None)
                {
                    entries.Add((method, entry));
                }
            }

            var found = entries.ToImmutable();
            IMethodSymbol? First(DisposalEntries kind) => found.FirstOrDefault(e => e.Item2 == kind).Item1;
            var explicitDispose = found.FirstOrDefault(e => e.Item2 == DisposalEntries.Dispose && e.Item1.MethodKind == MethodKind.ExplicitInterfaceImplementation).Item1;
            var plainDispose = found.FirstOrDefault(e => e.Item2 == DisposalEntries.Dispose && e.Item1.MethodKind == MethodKind.Ordinary).Item1;
            var sync = First(DisposalEntries.DisposeBool) ?? plainDispose ?? explicitDispose;
            var asyncEntry = First(DisposalEntries.DisposeAsyncCore) ?? First(DisposalEntries.DisposeAsync);
            // The override of the base's hook (`protected override void OnClosing()`) is the type's own synchronous path.
            sync ??= First(DisposalEntries.Hook);
            var finalizer = First(DisposalEntries.Finalizer);
            var releaseHandle = First(DisposalEntries.ReleaseHandle);
            var kinds = found.Aggregate(DisposalEntries.None, (all, e) => all | e.Item2);

            if (sync is not null || asyncEntry is not null || finalizer is not null || releaseHandle is not null)
            {
                var syncEntries = found.Where(e => e.Item2 is DisposalEntries.Dispose or DisposalEntries.DisposeBool).Select(e => e.Item1).ToList();
                var asyncEntries = found.Where(e => e.Item2 is DisposalEntries.DisposeAsync or DisposalEntries.DisposeAsyncCore).Select(e => e.Item1).ToList();
                return new DisposalModel(type, DisposalKind.Own)
                {
                    Entries = found,
                    EntryKinds = kinds,
                    Sync = sync,
                    Async = asyncEntry,
                    Finalizer = finalizer,
                    ReleaseHandle = releaseHandle,
                    BaseHooks = hooks,
                    SyncRunsAsync = asyncEntry is not null && syncEntries.Any(m => Calls(m, "DisposeAsync", "DisposeAsyncCore")),
                    // `Dispose(false)` at the end of the documented DisposeAsync releases the unmanaged part only: not a hand-over.
                    AsyncRunsSync = sync is not null && asyncEntries.Any(m => Calls(m, (invocation, name) => name == "Dispose" && !PassesFalse(invocation))),
                    DisposeBoolRunsDisposing = First(DisposalEntries.DisposeBool) is not { } disposeBool
                        || disposeBool.IsVirtual || disposeBool.IsOverride || disposeBool.IsAbstract
                        || found.Any(e => Calls(e.Item1, (invocation, name) => name == "Dispose" && invocation.ArgumentList.Arguments.Count == 1 && !PassesFalse(invocation)))
                        || !found.Any(e => Calls(e.Item1, (invocation, name) => name == "Dispose" && invocation.ArgumentList.Arguments.Count == 1)),
                };
            }

            if (IsDisposableThroughBase(type))
            {
                if (FindOverridable(type, compilation, hooks) is { } overridden)
                {
                    return new DisposalModel(type, DisposalKind.BaseOverride)
                    {
                        Entries = found,
                        EntryKinds = kinds,
                        BaseHooks = hooks,
                        Overridden = overridden.Method,
                        HookOfSealedDispose = overridden.OfSealedDispose,
                        OverrideAccessibility = OverrideAccessibilityOf(overridden.Method, compilation),
                    };
                }

                return new DisposalModel(type, DisposalKind.BaseNotExtensible) { Entries = found, EntryKinds = kinds, BaseHooks = hooks, NotExtensible = BaseDispose(type) };
            }

            return new DisposalModel(type, DisposalKind.New) { Entries = found, EntryKinds = kinds, BaseHooks = hooks }.AsNew(compilation);
        }

        private DisposalModel AsNew(Compilation compilation)
        {
            Kind = DisposalKind.New;
            NewIsPlain = Type.IsSealed || Type.TypeKind == TypeKind.Struct;
            NewImplementsInterface = !Type.IsRefLikeType;
            NewWouldHide = HasBaseDispose(Type, compilation);
            return this;
        }

        public static bool IsDisposeBool(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Ordinary && method.Name == "Dispose" && method.Parameters.Length == 1
            && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean;

        private static DisposalEntries EntryOf(IMethodSymbol method, LockLeakOptions? options, bool isSafeHandle, ImmutableArray<IMethodSymbol> hooks, Compilation compilation)
        {
            if (method.MethodKind == MethodKind.Destructor)
            {
                return DisposalEntries.Finalizer;
            }

            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return DisposalEntries.None;
            }

            var isExplicit = method.MethodKind == MethodKind.ExplicitInterfaceImplementation;
            var name = isExplicit && method.ExplicitInterfaceImplementations.Length > 0 ? method.ExplicitInterfaceImplementations[0].Name : method.Name;
            switch (name)
            {
                case "Dispose" when method.Parameters.Length == 0:
                    return DisposalEntries.Dispose;
                case "Dispose" when IsDisposeBool(method):
                    return DisposalEntries.DisposeBool;
                case "DisposeAsync" when method.Parameters.Length == 0:
                    return DisposalEntries.DisposeAsync;
                case "DisposeAsyncCore" when method.Parameters.Length == 0:
                    return DisposalEntries.DisposeAsyncCore;
                case "ReleaseHandle" when method.IsOverride && isSafeHandle:
                    return DisposalEntries.ReleaseHandle;
            }

            if (options is not null && options.ReleaseMethods.Contains(name))
            {
                return DisposalEntries.Configured;
            }

            if (method.IsOverride && method.Parameters.Length == 0 && method.OverriddenMethod is { } overridden)
            {
                // The base's body decides what is a hook; a base in metadata shows no body, so there its name has to say Dispose.
                var hook = hooks.Any(h => SymbolEqualityComparer.Default.Equals(h.OriginalDefinition, overridden.OriginalDefinition))
                    || (!IsInCompilation(overridden, compilation) && name.IndexOf("Dispos", StringComparison.Ordinal) >= 0);
                return hook ? DisposalEntries.Hook : DisposalEntries.None;
            }

            return DisposalEntries.None;
        }
    }
}
