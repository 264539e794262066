using System.Linq;
using LockLeak.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.CodeFixes.Unconditional
{
    /// <summary>The statements LCK005's fix writes, and the blank lines around them.</summary>
    internal static class InsertedLayout
    {
        public static SyntaxAnnotation Inserted { get; } = new SyntaxAnnotation("LockLeak.UnconditionalRelease");

        /// <summary>
        /// A blank line between an inserted release and a closing brace before it, none at the top of a block, and one
        /// between an inserted guarded release and the statement it was put before.
        /// </summary>
        public static SyntaxNode Space(SyntaxNode root)
        {
            var newLine = DocumentLayout.EndOfLineOf(root);
            var inserted = root.GetAnnotatedNodes(Inserted).OfType<StatementSyntax>().ToList();
            var followers = inserted
                .Select(s => s.Parent is BlockSyntax block && s.GetLastToken().IsKind(SyntaxKind.CloseBraceToken) && block.Statements.IndexOf(s) + 1 < block.Statements.Count
                    ? block.Statements[block.Statements.IndexOf(s) + 1]
                    : null)
                .Where(s => s is not null && !s.HasAnnotation(Inserted) && !s.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                .Select(s => s!)
                .ToList();
            return root.ReplaceNodes(inserted.Concat(followers), (original, rewritten) =>
            {
                if (!original.HasAnnotation(Inserted))
                {
                    return rewritten.WithLeadingTrivia(new[] { newLine }.Concat(rewritten.GetLeadingTrivia()));
                }

                var block = original.Parent as BlockSyntax;
                var index = block?.Statements.IndexOf((StatementSyntax)original) ?? -1;
                var trivia = rewritten.GetLeadingTrivia().Where(t => !t.IsKind(SyntaxKind.EndOfLineTrivia));
                if (index > 0 && block!.Statements[index - 1].GetLastToken().IsKind(SyntaxKind.CloseBraceToken))
                {
                    trivia = new[] { newLine }.Concat(trivia);
                }

                return rewritten.WithLeadingTrivia(trivia);
            });
        }
    }
}
