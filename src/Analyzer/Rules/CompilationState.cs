using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>
    /// Per-compilation state shared by LockLeak's analyzers: the catalog of lock primitives, resolved once, and the
    /// options of each tree.
    /// </summary>
    internal sealed class CompilationState
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationState> States = new ConditionalWeakTable<Compilation, CompilationState>();

        private readonly Compilation compilation;

        private CompilationState(Compilation compilation)
        {
            this.compilation = compilation;
            Catalog = LockCatalog.Create(compilation);
            optionsByTree = new ConcurrentDictionary<SyntaxTree, LockLeakOptions>(concurrencyLevel: 4, capacity: compilation.SyntaxTrees.Count());
        }

        public LockCatalog Catalog { get; }

        // Sized for every tree up front: growing it took all its locks while both threads added their first trees, and
        // the profile showed them waiting there.
        private readonly ConcurrentDictionary<SyntaxTree, LockLeakOptions> optionsByTree;

        /// <summary>
        /// The gate every type meets at symbol start (<see cref="LockGate.CouldOwnLock"/>). It runs for every type of
        /// the compilation, so it allocates nothing beyond what the catalog asks of the compiler.
        /// </summary>
        public bool CouldOwnLock(INamedTypeSymbol type, AnalyzerOptions options) =>
            Catalog.Gate.CouldOwnLock(type, GateAdditionalTypes(type, options));

        /// <summary>Could a constructor of <paramref name="type"/> create a lock and drop it (LCK004)? Read from the text of its declarations.</summary>
        public bool MayDropInConstructor(INamedTypeSymbol type, AnalyzerOptions options)
        {
            var namesDecide = GateAdditionalTypes(type, options).IsEmpty;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is TypeDeclarationSyntax declaration && LockDroppedInConstructorRule.MayDrop(declaration, type, Catalog, namesDecide))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Finding a type's tree and its options costs more than the rest of the gate for most types: only done when some
        /// .editorconfig or .globalconfig names additional lock types at all.
        /// </summary>
        private ImmutableHashSet<INamedTypeSymbol> GateAdditionalTypes(INamedTypeSymbol type, AnalyzerOptions options) =>
            ConfiguresAdditionalTypes(options) ? Catalog.AdditionalTypes(Options(options, SourceTree(type))) : ImmutableHashSet<INamedTypeSymbol>.Empty;

        private int configuresAdditionalTypes;

        /// <summary>Whether the global options or those of any tree set lockleak.additional_lock_types; read once per compilation.</summary>
        private bool ConfiguresAdditionalTypes(AnalyzerOptions options)
        {
            var known = Volatile.Read(ref configuresAdditionalTypes);
            if (known == 0)
            {
                var provider = options.AnalyzerConfigOptionsProvider;
                var any = provider.GlobalOptions.TryGetValue(LockLeakOptions.AdditionalLockTypesKey, out _)
                    || compilation.SyntaxTrees.Any(tree => provider.GetOptions(tree).TryGetValue(LockLeakOptions.AdditionalLockTypesKey, out _));

                known = any ? 1 : 2;
                Volatile.Write(ref configuresAdditionalTypes, known);
            }

            return known == 1;
        }

        // The options provider the answer below was read from, and the answer; replaced together.
        private KeyAnswer? anyKey;

        /// <summary>
        /// Whether the global options or those of any tree set a lockleak.* key at all; read once per compilation and
        /// options. Most builds set none: then every tree reads the defaults, and no callback looks a tree up in the
        /// per-tree dictionary (whose adds take its stripe locks while the other analysis thread reads).
        /// </summary>
        private bool ConfiguresAnyKey(AnalyzerOptions options)
        {
            var provider = options.AnalyzerConfigOptionsProvider;
            var known = Volatile.Read(ref anyKey);
            if (known is null || !ReferenceEquals(known.Provider, provider))
            {
                var any = SetsAnyKey(provider.GlobalOptions) || compilation.SyntaxTrees.Any(tree => SetsAnyKey(provider.GetOptions(tree)));
                known = new KeyAnswer(provider, any);
                Volatile.Write(ref anyKey, known);
            }

            return known.Any;
        }

        private static bool SetsAnyKey(AnalyzerConfigOptions config) =>
            config.TryGetValue(LockLeakOptions.AdditionalLockTypesKey, out _)
            || config.TryGetValue(LockLeakOptions.ReleaseMethodsKey, out _)
            || config.TryGetValue(LockLeakOptions.SlimNeedsWaitHandleKey, out _)
            || config.TryGetValue(LockLeakOptions.HonorPeerSuppressionsKey, out _);

        /// <summary>The lockleak.* options of a tree, read once per tree rather than once per type and rule.</summary>
        public LockLeakOptions Options(AnalyzerOptions options, SyntaxTree? tree)
        {
            if (tree is null)
            {
                return LockLeakOptions.Read(options, null);
            }

            if (!ConfiguresAnyKey(options))
            {
                return LockLeakOptions.Default;
            }

            if (optionsByTree.TryGetValue(tree, out var read))
            {
                return read;
            }

            return optionsByTree.GetOrAdd(tree, LockLeakOptions.Read(options, tree));
        }

        /// <summary>The tree of a type's first declaration in source, whose options apply to the type.</summary>
        public static SyntaxTree? SourceTree(ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return location.SourceTree;
                }
            }

            return null;
        }

        private sealed class KeyAnswer
        {
            public KeyAnswer(AnalyzerConfigOptionsProvider provider, bool any)
            {
                Provider = provider;
                Any = any;
            }

            public AnalyzerConfigOptionsProvider Provider { get; }

            public bool Any { get; }
        }

        public static CompilationState For(Compilation compilation) => States.GetValue(compilation, c => new CompilationState(c));
    }
}
