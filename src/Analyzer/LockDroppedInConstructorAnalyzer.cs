using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak
{
    /// <summary>LCK004: a constructor creates a lock primitive into a local (or discards it) and neither stores nor releases it.</summary>
    /// <remarks>
    /// Creations are found by syntax, and only those inside a constructor are bound: an operation action would make the
    /// driver build the operation tree of every method in the compilation for a question about constructors only.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockDroppedInConstructorAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockDroppedInConstructor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var state = CompilationState.For(start.Compilation);
                if (state.Catalog.IDisposable is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(
                    node => Analyze(node, state),
                    SyntaxKind.ObjectCreationExpression,
                    SyntaxKind.ImplicitObjectCreationExpression,
                    SyntaxKind.InvocationExpression);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, CompilationState state)
        {
            var catalog = state.Catalog;
            var constructor = EnclosingConstructor(context.Node);
            if (constructor is null || constructor.Modifiers.Any(SyntaxKind.StaticKeyword))
            {
                return;
            }

            var options = state.Options(context.Options, context.Node.SyntaxTree);
            var additional = catalog.AdditionalTypes(options);

            // A symbol look first: most creations and calls in constructors are not locks and need no operation tree.
            var model = context.SemanticModel;
            ITypeSymbol? created = context.Node is InvocationExpressionSyntax
                ? (model.GetSymbolInfo(context.Node, context.CancellationToken).Symbol as IMethodSymbol) is { IsStatic: true } factory ? factory.ContainingType : null
                : model.GetTypeInfo(context.Node, context.CancellationToken).Type;
            if (catalog.ClassifyCreated(created, additional) is null)
            {
                return;
            }

            var creation = model.GetOperation(context.Node, context.CancellationToken);
            var name = creation is null ? null : catalog.CreatedLockName(creation, additional);
            if (name is null || context.SemanticModel.GetOperation(constructor, context.CancellationToken) is not { } root)
            {
                return;
            }

            if (DroppedLocks.DroppedFate(creation!, root) is not { } fate)
            {
                return;
            }

            var location = context.Node.GetLocation();
            var type = context.ContainingSymbol?.ContainingType;
            if (type is null || (options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(fate.Local, context.ContainingSymbol, type, location)))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.LockDroppedInConstructor,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Member, fate.Local?.Name),
                type.Name,
                fate.Local is null ? "a " + name : name + " '" + fate.Local.Name + "'",
                fate.Local is null ? "as a discarded value" : "in a local"));
        }

        /// <summary>The constructor whose own body holds the node: not one a lambda or local function inside it runs later.</summary>
        private static ConstructorDeclarationSyntax? EnclosingConstructor(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case ConstructorDeclarationSyntax constructor:
                        return constructor;
                    case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                        return null;
                }
            }

            return null;
        }
    }
}
