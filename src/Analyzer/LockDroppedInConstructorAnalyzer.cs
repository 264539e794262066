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
    /// One callback per constructor, and only lock-typed creations in it are bound: an operation action (or a syntax
    /// action on every creation and call) would make the driver do work across the whole compilation for a question
    /// about constructors only.
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
                var catalog = CompilationState.For(start.Compilation).Catalog;
                if (catalog.IDisposable is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(node => Analyze(node, catalog), SyntaxKind.ConstructorDeclaration);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, LockCatalog catalog)
        {
            var constructor = (ConstructorDeclarationSyntax)context.Node;
            if (constructor.Modifiers.Any(SyntaxKind.StaticKeyword) || (constructor.Body is null && constructor.ExpressionBody is null))
            {
                return;
            }

            LockLeakOptions? options = null;
            IOperation? root = null;

            // The constructor's own statements: a lambda or local function inside it runs later, if at all.
            foreach (var node in constructor.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is not (ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax or InvocationExpressionSyntax))
                {
                    continue;
                }

                options ??= LockLeakOptions.Read(context.Options, constructor.SyntaxTree);
                var additional = catalog.AdditionalTypes(options);

                // A symbol look first: most creations and calls in constructors are not locks and need no operation tree.
                var model = context.SemanticModel;
                ITypeSymbol? created = node is InvocationExpressionSyntax
                    ? (model.GetSymbolInfo(node, context.CancellationToken).Symbol as IMethodSymbol) is { IsStatic: true } factory ? factory.ContainingType : null
                    : model.GetTypeInfo(node, context.CancellationToken).Type;
                if (created is null || !(catalog.IsManagedPrimitive(created, additional) || catalog.GetWrapper(created as INamedTypeSymbol, additional) is not null))
                {
                    continue;
                }

                var creation = model.GetOperation(node, context.CancellationToken);
                var name = creation is null ? null : catalog.CreatedLockName(creation, additional);
                root ??= model.GetOperation(constructor, context.CancellationToken);
                if (name is null || root is null || DroppedLocks.DroppedFate(creation!, root) is not { } fate)
                {
                    continue;
                }

                var location = node.GetLocation();
                var type = context.ContainingSymbol?.ContainingType;
                if (type is null || (options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(fate.Local, context.ContainingSymbol, type, location)))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockDroppedInConstructor,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Member, fate.Local?.Name),
                    type.Name,
                    fate.Local is null ? "a " + name : name + " '" + fate.Local.Name + "'",
                    fate.Local is null ? "as a discarded value" : "in a local"));
            }
        }
    }
}
