using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Catalog;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// LCK004's fix for a native OS lock handle (`OpenMutex`, `CreateEvent`... into an IntPtr), which has no Dispose to
    /// put in a `using`: the rest of the block moves into a `try` whose `finally` closes the handle with the P/Invoke of
    /// the release the diagnostic names (CloseHandle), declared beside the creator. No fix is offered where no such
    /// declaration exists. Offered by <see cref="UseUsingDeclarationCodeFix"/> under its equivalence key, so one Fix All
    /// of LCK004 fixes both kinds.
    /// </summary>
    internal static class NativeHandleCloser
    {
        public static void Register(CodeFixContext context, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, string release, string equivalenceKey)
        {
            if (Plan(root, model, diagnostic.Location.SourceSpan, release, context.CancellationToken) is null)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Close the handle in a finally block",
                    ct => FixAsync(context.Document, diagnostic.Location.SourceSpan, release, ct),
                    equivalenceKey),
                diagnostic);
        }

        /// <summary>Closes the handle created at <paramref name="span"/>; text before the creating statement is left as it was.</summary>
        public static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, string release, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Plan(root, model, span, release, cancellationToken) is not { } plan)
            {
                return document;
            }

            var block = (BlockSyntax)plan.Statement.Parent!;
            var index = block.Statements.IndexOf(plan.Statement);
            var rest = block.Statements.Skip(index + 1).ToList();
            var close = ExpressionStatement(InvocationExpression(plan.Release, ArgumentList(SingletonSeparatedList(Argument(IdentifierName(plan.Local))))));
            var tryStatement = TryStatement(
                    Block(rest),
                    default,
                    FinallyClause(Block(close)))
                .WithAdditionalAnnotations(Formatter.Annotation);

            var statements = new List<StatementSyntax>(block.Statements.Take(index)) { plan.Declaration.WithTriviaFrom(plan.Statement), tryStatement };
            return document.WithSyntaxRoot(root.ReplaceNode(block, block.WithStatements(List(statements))));
        }

        private sealed class FixPlan
        {
            public FixPlan(StatementSyntax statement, StatementSyntax declaration, string local, ExpressionSyntax release)
            {
                Statement = statement;
                Declaration = declaration;
                Local = local;
                Release = release;
            }

            /// <summary>The statement that creates the handle.</summary>
            public StatementSyntax Statement { get; }

            /// <summary>What it becomes: itself for a local, `var handle = ...;` for a discard or a bare call.</summary>
            public StatementSyntax Declaration { get; }

            public string Local { get; }

            /// <summary>How the release is called from here: `CloseHandle` or `NativeMethods.CloseHandle`.</summary>
            public ExpressionSyntax Release { get; }
        }

        private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Microsoft.CodeAnalysis.Text.TextSpan span, string release, CancellationToken cancellationToken)
        {
            if (root.FindNode(span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax creation
                || creation.FirstAncestorOrSelf<StatementSyntax>() is not { Parent: BlockSyntax } statement
                || model.GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol creator)
            {
                return null;
            }

            // The release is found as the analyzer finds it: by the entry point of its import, read from the native table.
            var catalog = CompilationState.For(model.Compilation).Catalog;
            var releaseMethod = creator.ContainingType.GetMembers().OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.IsStatic && m.Parameters.Length == 1
                    && catalog.GetNativeFunction(m) is { Role: NativeRole.Release } function && function.EntryPoint == release
                    && SymbolEqualityComparer.Default.Equals(m.Parameters[0].Type, creator.ReturnType) && m.Parameters[0].RefKind == RefKind.None);
            if (releaseMethod is null)
            {
                return null;
            }

            // Called the way the creator is called: by simple name where that finds it, else through the creator's receiver.
            ExpressionSyntax releaseName = IdentifierName(releaseMethod.Name);
            if (creation.Expression is MemberAccessExpressionSyntax access)
            {
                releaseName = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression.WithoutTrivia(), IdentifierName(releaseMethod.Name));
            }
            else if (!model.LookupSymbols(creation.SpanStart, name: releaseMethod.Name).Contains(releaseMethod, SymbolEqualityComparer.Default))
            {
                return null;
            }

            switch (statement)
            {
                case LocalDeclarationStatementSyntax local when local.Declaration.Variables.Count == 1 && local.UsingKeyword == default
                    && local.Declaration.Variables[0].Initializer?.Value is { } value && Strip(value) == creation:
                    return new FixPlan(statement, statement, local.Declaration.Variables[0].Identifier.ValueText, releaseName);
                case ExpressionStatementSyntax expression
                    when Strip(expression.Expression) == creation
                        || expression.Expression is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && Strip(discard.Right) == creation:
                    var name = FreeName(model, statement, "handle");
                    var declaration = LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"))
                        .WithVariables(SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(creation.WithoutTrivia())))))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    return new FixPlan(statement, declaration, name, releaseName);
                default:
                    return null;
            }
        }

        private static ExpressionSyntax Strip(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                expression = expression is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)expression).Expression;
            }

            return expression;
        }

        private static string FreeName(SemanticModel model, StatementSyntax statement, string baseName)
        {
            var name = baseName;
            for (var i = 2; model.LookupSymbols(statement.SpanStart, name: name).Length > 0
                || statement.Parent!.DescendantNodes().OfType<VariableDeclaratorSyntax>().Any(v => v.Identifier.ValueText == name); i++)
            {
                name = baseName + i;
            }

            return name;
        }
    }
}
