using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>
    /// One of the rules <see cref="OwnedLockNotReleasedAnalyzer"/> reports from the facts of a type that owns a lock
    /// primitive: each decides, from the same facts, which of the type's locks it reports and how.
    /// </summary>
    internal abstract class OwnedLockRule
    {
        public abstract DiagnosticDescriptor Descriptor { get; }

        public abstract void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts);
    }
}
