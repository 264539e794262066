using System.Linq;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Rules
{
    internal static class Reporting
    {
        public static bool IsPeerSuppressed(TypeLockFacts facts, OwnedLock lockInfo, INamedTypeSymbol type) =>
            facts.Options.HonorPeerSuppressions
            && PeerSuppressions.IsSuppressed(lockInfo.Member, ContainingMethod(lockInfo.Creation), type, lockInfo.Creation.Syntax.GetLocation());

        /// <summary>
        /// Whether <paramref name="node"/> sits in a <c>#line hidden</c> region (in a file that has one, code before its
        /// first <c>#line</c> directive counts as hidden too, as the driver counts it). LockLeak's analyzers ask the driver for
        /// <see cref="Microsoft.CodeAnalysis.Diagnostics.GeneratedCodeAnalysisFlags.ReportDiagnostics"/>: the driver still
        /// skips analysing generated files and [GeneratedCode] members, so a diagnostic can only land in generated code
        /// through a hidden region, and this check replaces the one the driver would run on each diagnostic, whose first
        /// use in a file reads every token of that file.
        /// </summary>
        public static bool IsInHiddenCode(SyntaxNode node) =>
            node.SyntaxTree.HasHiddenRegions()
            && node.SyntaxTree.GetLineVisibility(node.SpanStart) is LineVisibility.Hidden or LineVisibility.BeforeFirstLineDirective;

        /// <summary>
        /// Where a release goes, as <see cref="DisposeShape"/> decides it, else the configured release method the type
        /// declares (lockleak.release_methods): the identifier diagnostics point at as their additional location.
        /// </summary>
        public static IMethodSymbol? ReleaseTarget(DisposeShape shape, TypeLockFacts facts) => shape.ReleaseTarget ?? facts.OtherReleasePath;

        /// <summary>The identifier of <paramref name="method"/>'s first declaration in source.</summary>
        public static Location? IdentifierLocation(IMethodSymbol? method)
        {
            var reference = method?.DeclaringSyntaxReferences.FirstOrDefault();
            if (reference is null)
            {
                return null;
            }

            var syntax = reference.GetSyntax();
            return syntax switch
            {
                MethodDeclarationSyntax declaration => declaration.Identifier.GetLocation(),
                DestructorDeclarationSyntax destructor => destructor.Identifier.GetLocation(),
                _ => syntax.GetLocation(),
            };
        }

        public static string Describe(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.Destructor)
            {
                return "the finalizer";
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].ContainingType.Name + "." + method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            return name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";
        }

        /// <summary>
        /// The member (or local function) whose declaration holds the operation: where a [SuppressMessage] for it would
        /// sit. Found from the declaration syntax, which needs no binder for the position the way GetEnclosingSymbol does.
        /// </summary>
        private static ISymbol? ContainingMethod(IOperation operation)
        {
            var root = operation;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            var model = root.SemanticModel;
            for (var node = operation.Syntax; node is not null && model is not null; node = node.Parent)
            {
                switch (node)
                {
                    case LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax
                        or BaseTypeDeclarationSyntax or VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax }:
                        return model.GetDeclaredSymbol(node);
                }
            }

            return null;
        }
    }
}
