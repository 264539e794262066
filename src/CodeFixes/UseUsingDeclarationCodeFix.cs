using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Contract;
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
    /// LCK004: a primitive a constructor creates and drops becomes a `using` declaration, released when the constructor
    /// ends; a native handle is closed in a finally (<see cref="NativeHandleCloser"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseUsingDeclarationCodeFix)), Shared]
    public sealed class UseUsingDeclarationCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "LCK004.UsingDeclaration";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LockDroppedInConstructor);

        // A native handle's fix moves the rest of its block into a try, so two handles of one block edit the same block:
        // a batch merge would keep one and leave the other for a second pass. Fixed one after the other instead, last
        // first, each fix leaves the text before its statement as it was, and so every earlier span still finds its creation.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixDocumentAsync);

        private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
            {
                var span = diagnostic.Location.SourceSpan;
                if (LockFix.DroppedNativeRelease(diagnostic) is { } release)
                {
                    document = await NativeHandleCloser.FixAsync(document, span, release, context.CancellationToken).ConfigureAwait(false);
                }
                else if (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false) is { } root
                    && root.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 }
                    && Fixable(root, span))
                {
                    document = await FixAsync(document, span, context.CancellationToken).ConfigureAwait(false);
                }
            }

            return document;
        }

        private static bool Fixable(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        {
            var creation = root.FindNode(span, getInnermostNodeForTie: true);
            var statement = creation.FirstAncestorOrSelf<StatementSyntax>();
            return statement?.Parent is BlockSyntax && CanFix(statement, creation);
        }

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            // Using declarations need C# 8; the try/finally of a native handle compiles in every version.
            var usingDeclarations = root.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 };

            foreach (var diagnostic in context.Diagnostics)
            {
                // A native handle (IntPtr) has no Dispose: it is closed in a finally instead.
                if (LockFix.DroppedNativeRelease(diagnostic) is { } release)
                {
                    if (await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is { } model)
                    {
                        NativeHandleCloser.Register(context, root, model, diagnostic, release, EquivalenceKey);
                    }

                    continue;
                }

                if (!usingDeclarations)
                {
                    continue;
                }

                if (!Fixable(root, diagnostic.Location.SourceSpan))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Release it with a using declaration",
                        ct => FixAsync(context.Document, diagnostic.Location.SourceSpan, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static bool CanFix(StatementSyntax statement, SyntaxNode creation)
        {
            switch (statement)
            {
                case LocalDeclarationStatementSyntax local:
                    if (local.UsingKeyword != default || local.IsConst || local.Declaration.Variables.Count != 1)
                    {
                        return false;
                    }

                    var name = local.Declaration.Variables[0].Identifier.ValueText;
                    return !IsWrittenLater(statement, name);
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } assignment }:
                    return assignment.Right.Contains(creation);
                case ExpressionStatementSyntax expression:
                    return expression.Expression == creation || (expression.Expression is ParenthesizedExpressionSyntax p && p.Expression == creation);
                default:
                    return false;
            }
        }

        /// <summary>A using local is read-only: the fix must not be offered where the local is assigned or passed by ref afterwards.</summary>
        private static bool IsWrittenLater(StatementSyntax declaration, string name)
        {
            var block = (BlockSyntax)declaration.Parent!;
            foreach (var identifier in block.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != name || identifier.SpanStart < declaration.Span.End)
                {
                    continue;
                }

                switch (identifier.Parent)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Left == identifier:
                    case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None):
                    case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                        return true;
                }
            }

            return false;
        }

        private static async Task<Document> FixAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan span, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var creation = root.FindNode(span, getInnermostNodeForTie: true);
            var statement = creation.FirstAncestorOrSelf<StatementSyntax>();
            LocalDeclarationStatementSyntax? replacement = statement switch
            {
                LocalDeclarationStatementSyntax local => local.WithoutLeadingTrivia().WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space)),
                ExpressionStatementSyntax expression => Declare(expression, creation as ExpressionSyntax, model),
                _ => null,
            };
            if (statement is null || replacement is null)
            {
                return document;
            }

            replacement = replacement.WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia());
            return document.WithSyntaxRoot(root.ReplaceNode(statement, replacement));
        }

        /// <summary>`_ = new Mutex();` or `new Mutex();` becomes `using var mutex = new Mutex();` with a name free in that scope.</summary>
        private static LocalDeclarationStatementSyntax? Declare(ExpressionStatementSyntax statement, ExpressionSyntax? creation, SemanticModel model)
        {
            if (creation is null || model.GetTypeInfo(creation).Type is not { } type)
            {
                return null;
            }

            var baseName = type.Name.Length == 0 ? "primitive" : char.ToLowerInvariant(type.Name[0]) + type.Name.Substring(1);
            var name = baseName;
            for (var i = 2; model.LookupSymbols(statement.SpanStart, name: name).Length > 0 || HasLocalNamed(statement, name); i++)
            {
                name = baseName + i;
            }

            return LocalDeclarationStatement(
                    VariableDeclaration(IdentifierName("var"))
                        .WithVariables(SingletonSeparatedList(VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(creation.WithoutTrivia())))))
                .WithUsingKeyword(Token(SyntaxKind.UsingKeyword))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static bool HasLocalNamed(StatementSyntax statement, string name) =>
            statement.Parent!.DescendantNodes().OfType<VariableDeclaratorSyntax>().Any(v => v.Identifier.ValueText == name)
            || statement.Parent!.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Any(v => v.Identifier.ValueText == name);
    }
}
