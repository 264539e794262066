using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// Where the releases of one owner go, as the analyzer's disposal model decided it and the contract carries it
    /// (<see cref="LockFix.Placement"/>, <see cref="LockFix.Target"/>, <see cref="LockFix.Hook"/>, <see cref="LockFix.Entries"/>,
    /// <see cref="LockFix.ReleasePaths"/>, the paths and the new Dispose's shape), resolved against the compilation the
    /// fix edits. The fixer decides none of it again.
    /// </summary>
    internal sealed class OwnerDisposal
    {
        private OwnerDisposal(LockFix fix, INamedTypeSymbol owner, Compilation compilation)
        {
            Kind = fix.Placement ?? DisposeShapeKind.New;
            IsStruct = owner.TypeKind == TypeKind.Struct;
            Target = Method(fix.Target, compilation);
            Sync = Method(fix.SyncPath, compilation);
            Async = Method(fix.AsyncPath, compilation);
            Overridden = Method(fix.Hook, compilation);
            OverrideAccessibility = fix.HookAccessibility;
            NewIsPlain = (fix.NewDispose & NewDispose.Plain) != 0;
            NewImplementsInterface = (fix.NewDispose & NewDispose.ImplementsInterface) != 0;
            NewWouldHide = (fix.NewDispose & NewDispose.WouldHide) != 0;
            ReleasePaths = fix.ReleasePaths.Select(p => Method(p, compilation)).OfType<IMethodSymbol>().ToList();

            // The entry the model found is the owner's one destructor: found by what it is, not by a name.
            Finalizer = (fix.Entries & DisposalEntries.Finalizer) != 0
                ? owner.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Destructor)
                : null;
        }

        public DisposeShapeKind Kind { get; }

        /// <summary>The owner's method the release goes into: the disposal path that does the work (or a configured release method).</summary>
        public IMethodSymbol? Target { get; }

        public IMethodSymbol? Sync { get; }

        public IMethodSymbol? Async { get; }

        public IMethodSymbol? Finalizer { get; }

        /// <summary>The paths that must each release (the sync and the async one when neither runs the other); empty when only <see cref="Target"/> must.</summary>
        public IReadOnlyList<IMethodSymbol> ReleasePaths { get; }

        public IMethodSymbol? Overridden { get; }

        public Accessibility OverrideAccessibility { get; }

        public bool NewIsPlain { get; }

        public bool NewImplementsInterface { get; }

        public bool NewWouldHide { get; }

        public bool IsStruct { get; }

        /// <summary>The placement of <paramref name="request"/>'s owner; null when the diagnostic carries none (or it names nothing the compilation has).</summary>
        public static OwnerDisposal? For(ReleaseRequest request)
        {
            var fix = request.Fix;
            if (fix.Placement is null)
            {
                return null;
            }

            var disposal = new OwnerDisposal(fix, request.Owner, request.Editor.SemanticModel.Compilation);
            return (disposal.Kind == DisposeShapeKind.BaseOverride && disposal.Overridden is null) || (fix.Target is not null && disposal.Target is null)
                ? null
                : disposal;
        }

        private static IMethodSymbol? Method(string? id, Compilation compilation) =>
            id is null ? null : DocumentationCommentId.GetFirstSymbolForDeclarationId(id, compilation) as IMethodSymbol;
    }
}
