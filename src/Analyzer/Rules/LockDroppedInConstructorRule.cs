using LockLeak.Catalog;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LockLeak.Rules
{
    /// <summary>LCK004: a constructor creates a lock primitive into a local (or discards it) and neither stores nor releases it.</summary>
    /// <remarks>
    /// Asked by <see cref="OwnedLockNotReleasedAnalyzer"/> at the start of every type, which already reads the type's
    /// declarations: their constructors' text first (<see cref="CreatorNames"/>), and most constructors name nothing that
    /// can create a lock. Only a type with a constructor that does gets a syntax node action, scoped to it; a
    /// compilation-wide one made the driver walk every node of every member of the compilation (76 MB of the 118 MB
    /// LockLeak allocated at 10,000 dependency-injection types) and called back for each constructor. Then each
    /// creation and static call is looked at by binding only the type it names (<see cref="CreationLook"/>); the
    /// constructor itself is bound, and its operation tree built, only when one of them names a lock primitive or a
    /// wrapper. Querying the constructor's semantic model directly would bind the whole body and run nullable analysis
    /// on it.
    /// </remarks>
    internal static class LockDroppedInConstructorRule
    {
        public static DiagnosticDescriptor Descriptor => Descriptors.LockDroppedInConstructor;

        /// <summary>
        /// Could a constructor that <paramref name="declaration"/> declares create a lock and drop it? Read from its text,
        /// or yes when lock types are configured by name (which may be any name).
        /// </summary>
        public static bool MayDrop(TypeDeclarationSyntax declaration, INamedTypeSymbol type, LockCatalog catalog, bool namesDecide)
        {
            SourceText? text = null;
            foreach (var member in declaration.Members)
            {
                if (member is not ConstructorDeclarationSyntax constructor || constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    continue;
                }

                SyntaxNode? body = constructor.Body ?? (SyntaxNode?)constructor.ExpressionBody;
                if (body is null)
                {
                    continue;
                }

                if (!namesDecide)
                {
                    return true;
                }

                text ??= declaration.SyntaxTree.GetText();
                if (catalog.CreatorNames.MayCreate(text, body.Span, type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The syntax node action <see cref="OwnedLockNotReleasedAnalyzer"/> registers for a type whose constructors may drop a lock.</summary>
        public static void AnalyzeConstructor(SyntaxNodeAnalysisContext context, CompilationState state, INamedTypeSymbol owner)
        {
            var constructor = (ConstructorDeclarationSyntax)context.Node;
            SyntaxNode? body = constructor.Body ?? (SyntaxNode?)constructor.ExpressionBody;
            // Each type answers for its own constructors (a nested type is a member of its outer type, and asked on its own).
            if (body is null || context.ContainingSymbol is not IMethodSymbol { IsStatic: false, ContainingType: { } type }
                || !SymbolEqualityComparer.Default.Equals(type, owner))
            {
                return;
            }

            var options = state.Options(context.Options, constructor.SyntaxTree);
            var additional = state.Catalog.AdditionalTypes(options);
            if (additional.IsEmpty && !state.Catalog.CreatorNames.MayCreate(constructor.SyntaxTree.GetText(context.CancellationToken), body.Span, type))
            {
                return;
            }

            var walk = ConstructorWalk.Of(constructor, body);
            if (walk.Candidates.Count == 0)
            {
                return;
            }

            var look = new CreationLook(state.Catalog, additional, context.SemanticModel, walk, type, context.CancellationToken);
            IOperation? root = null;
            foreach (var node in walk.Candidates)
            {
                if (!look.MayCreateLock(node))
                {
                    continue;
                }

                var creation = context.SemanticModel.GetOperation(node, context.CancellationToken);
                var name = creation is null ? null : state.Catalog.CreatedLockName(creation, look.Additional);
                if (name is null)
                {
                    continue;
                }

                root ??= context.SemanticModel.GetOperation(constructor, context.CancellationToken);
                if (root is null || DroppedLocks.DroppedFate(creation!, root, state.Catalog, options) is not { } fate)
                {
                    continue;
                }

                if (Reporting.IsInHiddenCode(node))
                {
                    continue;
                }

                var location = node.GetLocation();
                if (options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(fate.Local, context.ContainingSymbol, type, location))
                {
                    continue;
                }

                // A native handle (IntPtr from OpenMutex, CreateEvent...) has no Dispose: its fix closes it in a finally.
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptor,
                    location,
                    LockFix.ForDroppedLocal(fate.Local?.Name, state.Catalog.NativeHandleRelease(creation!)),
                    type.Name,
                    fate.Local is null ? "a " + name : name + " '" + fate.Local.Name + "'",
                    fate.Local is not null ? "in a local" : fate.Consumer is { } consumer ? "as the argument of '" + consumer.Name + "'" : "as a discarded value"));
            }
        }
    }
}
