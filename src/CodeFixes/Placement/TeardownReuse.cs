using LockLeak.CodeFixes.Editing;
using Microsoft.CodeAnalysis;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// A method the type already has that releases the primitive (`Release()`, `Close()`, `FullCleanup()`): a careful
    /// maintainer calls it from Dispose rather than writing a second release beside it, which on a type that tears
    /// down per platform would also be wrong on every other platform. Whether a method's job is teardown (and not a
    /// thread, task or timer body, an event handler, a loop or a method that waits) is the analyzer's decision,
    /// carried in the contract's <see cref="Contract.LockFix.Teardown"/>; this only resolves it.
    /// </summary>
    internal static class TeardownReuse
    {
        public static IMethodSymbol? Find(ReleaseRequest request) =>
            request.Fix.Teardown is { } id
            && DocumentationCommentId.GetFirstSymbolForDeclarationId(id, request.Editor.SemanticModel.Compilation) is IMethodSymbol method
            && SymbolEqualityComparer.Default.Equals(method.ContainingType, request.Owner)
                ? method
                : null;
    }
}
