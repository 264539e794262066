using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>The file's own layout, which written code follows: the one place that finds its line break.</summary>
    internal static class DocumentLayout
    {
        /// <summary>The line break the document already uses ("\n" in a file that has none).</summary>
        public static string NewLineOf(SyntaxNode node)
        {
            foreach (var trivia in node.SyntaxTree.GetRoot().DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia.ToString();
                }
            }

            return "\n";
        }

        /// <summary>The document's line break as trivia.</summary>
        public static SyntaxTrivia EndOfLineOf(SyntaxNode node) => EndOfLine(NewLineOf(node));
    }
}
