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

        public static CompilationState For(Compilation compilation) => States.GetValue(compilation, c => new CompilationState(c));
    }
}
