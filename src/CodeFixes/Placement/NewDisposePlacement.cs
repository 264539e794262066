using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// Nothing disposes the owner yet: IDisposable (not on a ref struct) and a plain `public void Dispose()` for a
    /// struct or sealed type holding managed primitives only; otherwise the Dispose pattern, with a finalizer
    /// `~T() => Dispose(false);` when a native lock must be released even if nobody disposes.
    /// </summary>
    internal static class NewDisposePlacement
    {
        public static string? Apply(OwnerDisposal shape, ReleaseSet set, Compilation compilation)
        {
            if (shape.NewWouldHide || set.Declaration.ContainsDiagnostics || set.Owner.IsStatic
                || compilation.GetTypeByMetadataName("System.IDisposable") is not { } disposable
                || compilation.GetTypeByMetadataName("System.GC") is not { } gc)
            {
                return null;
            }

            var generator = set.Editor.Generator;
            var plain = shape.IsStruct || (shape.NewIsPlain && !set.HasNative);
            if (NewMembers.Managed(set, plain ? null : "disposing") is not { } managed)
            {
                return null;
            }

            var members = new List<SyntaxNode>();
            if (plain)
            {
                var statements = managed.Concat(set.NativeStatements(set.Declaration)).ToList();
                members.Add(statements.Count == 1 && statements[0] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } teardown } && set.Managed.Count == 0 && set.Flagged.Count == 0
                    ? ExpressionBodied(teardown)
                    : NewMembers.WithBody(generator.MethodDeclaration("Dispose", accessibility: Accessibility.Public), statements));
            }
            else
            {
                if (set.HasNative)
                {
                    members.Add(DestructorDeclaration(set.Declaration.Identifier.WithoutTrivia())
                        .WithExpressionBody(ArrowExpressionClause(InvocationExpression(IdentifierName("Dispose"), ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))))))
                        .WithSemicolonToken(Token(SyntaxKind.SemicolonToken)));
                }

                members.Add(generator.MethodDeclaration(
                    "Dispose",
                    accessibility: Accessibility.Public,
                    statements: new[]
                    {
                        generator.ExpressionStatement(generator.InvocationExpression(generator.IdentifierName("Dispose"), generator.TrueLiteralExpression())),
                        generator.ExpressionStatement(generator.InvocationExpression(
                            generator.MemberAccessExpression(generator.TypeExpression(gc).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation), "SuppressFinalize"),
                            generator.ThisExpression())),
                    }));

                var body = new List<SyntaxNode>();
                if (managed.Count > 0)
                {
                    body.Add(DisposeBody.IfDisposing("disposing", managed));
                }

                body.AddRange(set.NativeStatements(set.Declaration));

                // A sealed type has no derived type to extend its disposal: its Dispose(bool) is private.
                var isSealed = set.Owner.IsSealed;
                members.Add(NewMembers.WithBody(
                    generator.MethodDeclaration(
                        "Dispose",
                        new[] { generator.ParameterDeclaration("disposing", generator.TypeExpression(SpecialType.System_Boolean)) },
                        accessibility: isSealed ? Accessibility.Private : Accessibility.Protected,
                        modifiers: isSealed ? DeclarationModifiers.None : DeclarationModifiers.Virtual),
                    body));
            }

            if (shape.NewImplementsInterface)
            {
                var interfaceType = (TypeSyntax)generator.TypeExpression(disposable).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation);
                set.Editor.ReplaceNode(set.Declaration, (current, _) => BaseListEditor.AddInterface((TypeDeclarationSyntax)current, interfaceType));
            }

            NewMembers.Add(set, members);
            set.DeclareFlag();
            return set.Released.Count == 1
                ? "Implement IDisposable and release '" + set.Released[0] + "'"
                : "Implement IDisposable and release " + set.Released.Count + " lock primitives";
        }

        /// <summary>`public void Dispose() => Release();`: the type's own teardown is all Dispose has to do.</summary>
        private static MethodDeclarationSyntax ExpressionBodied(InvocationExpressionSyntax teardown) =>
            MethodDeclaration(PredefinedType(Token(SyntaxKind.VoidKeyword)), "Dispose")
                .WithModifiers(TokenList(Token(SyntaxKind.PublicKeyword)))
                .WithExpressionBody(ArrowExpressionClause(teardown.WithoutTrivia()))
                .WithSemicolonToken(Token(SyntaxKind.SemicolonToken));
    }
}
