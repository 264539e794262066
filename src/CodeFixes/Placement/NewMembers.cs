using System.Collections.Generic;
using System.Linq;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.ManagedRelease;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>What the methods a fix writes from scratch (a new Dispose, an override of the base's) contain, and where they go.</summary>
    internal static class NewMembers
    {
        /// <summary>The managed releases (and teardown calls) for a new synchronous method; null when one of them cannot be written there.</summary>
        public static List<StatementSyntax>? Managed(ReleaseSet set, string? disposingParameter)
        {
            var names = NameScope.For(set.Owner, null, disposingParameter ?? string.Empty);
            var newLine = DocumentLayout.NewLineOf(set.Declaration);
            var statements = new List<StatementSyntax>();
            foreach (var request in set.Managed)
            {
                if (ManagedReleaseStatements.Release(request, inAsyncMethod: false, names, newLine) is not { } statement)
                {
                    return null;
                }

                statements.Add(statement);
            }

            statements.AddRange(set.ManagedTeardown);
            return statements;
        }

        /// <summary>
        /// A generated method with <paramref name="statements"/> as its body as written: SyntaxGenerator marks the bodies
        /// it builds for simplification, which would turn the file's `IntPtr.Zero` into `nint.Zero`.
        /// </summary>
        public static SyntaxNode WithBody(SyntaxNode method, IEnumerable<SyntaxNode> statements) =>
            ((MethodDeclarationSyntax)method).WithBody(Block(statements.Cast<StatementSyntax>()));

        /// <summary>
        /// Adds <paramref name="members"/> to the owner: next to the constructor that created a native lock (where a reader
        /// of the type's lifetime looks), else at the end of the type.
        /// </summary>
        public static void Add(ReleaseSet set, IReadOnlyList<SyntaxNode> members)
        {
            var formatted = members.Select(m => m.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
            var declaration = set.Declaration;
            if (!set.HasNative)
            {
                foreach (var member in formatted)
                {
                    set.Editor.AddMember(declaration, member);
                }

                return;
            }

            formatted = formatted.Select(m => m.WithLeadingTrivia(ElasticCarriageReturnLineFeed)).ToList();
            var anchor = declaration.Members.LastOrDefault(m => m is ConstructorDeclarationSyntax or DestructorDeclarationSyntax)
                ?? declaration.Members.LastOrDefault(m => m is FieldDeclarationSyntax or PropertyDeclarationSyntax);
            if (anchor is not null)
            {
                set.Editor.InsertAfter(anchor, formatted);
            }
            else
            {
                set.Editor.ReplaceNode(declaration, (current, _) =>
                    ((TypeDeclarationSyntax)current).WithMembers(((TypeDeclarationSyntax)current).Members.InsertRange(0, formatted.Cast<MemberDeclarationSyntax>())));
            }
        }
    }
}
