using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace LockLeak
{
    /// <summary>
    /// Per-compilation state shared by all LockLeak analyzers: the catalog of lock primitives and each type's
    /// facts, so five rules cost one analysis of each type that holds a primitive.
    /// </summary>
    internal sealed class CompilationState
    {
        private static readonly ConditionalWeakTable<Compilation, CompilationState> States = new ConditionalWeakTable<Compilation, CompilationState>();

        private CompilationState(Compilation compilation)
        {
            Catalog = LockCatalog.Create(compilation);
        }

        public LockCatalog Catalog { get; }

        public ConcurrentDictionary<INamedTypeSymbol, TypeLockFacts> Facts { get; } = new ConcurrentDictionary<INamedTypeSymbol, TypeLockFacts>(SymbolEqualityComparer.Default);

        /// <summary>Each type's gate verdict, decided by the first rule that meets the type and reused by the others.</summary>
        public ConcurrentDictionary<INamedTypeSymbol, bool> CouldOwnLock { get; } = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);

        private readonly ConcurrentDictionary<SyntaxTree, LockLeakOptions> optionsByTree = new ConcurrentDictionary<SyntaxTree, LockLeakOptions>();

        /// <summary>The lockleak.* options of a tree, read once per tree rather than once per type and rule.</summary>
        public LockLeakOptions Options(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, SyntaxTree? tree) =>
            tree is null ? LockLeakOptions.Read(options, null) : optionsByTree.GetOrAdd(tree, t => LockLeakOptions.Read(options, t));

        public static CompilationState For(Compilation compilation) => States.GetValue(compilation, c => new CompilationState(c));
    }
}
