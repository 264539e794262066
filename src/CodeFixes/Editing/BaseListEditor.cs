using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>
    /// Adds an interface to a type's base list and leaves the rest of the header as the file has it: a base list or
    /// constraint clause on its own line stays there (SyntaxGenerator.AddInterfaceType rewrites the whole header).
    /// </summary>
    internal static class BaseListEditor
    {
        public static TypeDeclarationSyntax AddInterface(TypeDeclarationSyntax declaration, TypeSyntax interfaceType)
        {
            var added = SimpleBaseType(interfaceType.WithoutTrivia());
            if (declaration.BaseList is { Types.Count: > 0 } baseList)
            {
                // The line break (or space) after the last base type now follows the added one.
                var last = baseList.Types.Last();
                var nodes = baseList.Types.Take(baseList.Types.Count - 1)
                    .Concat(new[] { last.WithoutTrailingTrivia(), added.WithTrailingTrivia(last.GetTrailingTrivia()) });
                var separators = baseList.Types.GetSeparators().Concat(new[] { Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space) });
                var types = SeparatedList(nodes, separators);
                return declaration.WithBaseList(baseList.WithTypes(types));
            }

            // `class T` / `class T<U>` / `record R(int X)`: the list goes after the last token of the name, which hands
            // its trailing trivia (the line break before `where` or `{`) to the list.
            var anchor = declaration.ParameterList?.CloseParenToken
                ?? declaration.TypeParameterList?.GreaterThanToken
                ?? declaration.Identifier;
            var list = BaseList(Token(SyntaxKind.ColonToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space), SingletonSeparatedList<BaseTypeSyntax>(added.WithTrailingTrivia(anchor.TrailingTrivia)));
            return declaration
                .ReplaceToken(anchor, anchor.WithTrailingTrivia(TriviaList()))
                .WithBaseList(list);
        }
    }
}
