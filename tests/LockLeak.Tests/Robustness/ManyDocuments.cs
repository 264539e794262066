using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Tests.Robustness
{
    /// <summary>
    /// One compilation of many documents: every corpus input that can be, wrapped in a namespace of its own
    /// (several copies each), so that the inputs' type names do not collide and the analysis has many documents
    /// and types to run concurrently.
    /// </summary>
    public static class ManyDocuments
    {
        /// <summary>About <paramref name="documents"/> documents, however large the corpus grows: the tests' run time stays bounded.</summary>
        public static async Task<Compilation> CreateAsync(int documents = 160)
        {
            var trees = new List<SyntaxTree>();
            var n = 0;
            for (var copy = 0; copy < documents && n < documents; copy++)
            {
                foreach (var input in RobustnessCorpus.All)
                {
                    if (n >= documents)
                    {
                        break;
                    }

                    var root = (CompilationUnitSyntax)CSharpSyntaxTree.ParseText(input.Source, RobustnessHarness.ParseOptions).GetRoot();
                    if (root.Members.Any(m => m is FileScopedNamespaceDeclarationSyntax or GlobalStatementSyntax) || root.ContainsDiagnostics)
                    {
                        continue;
                    }

                    // Usings stay at the top of the file; the members move into namespace Doc{n}.
                    var wrapped = root.WithMembers(SyntaxFactory.SingletonList<MemberDeclarationSyntax>(
                        SyntaxFactory.NamespaceDeclaration(SyntaxFactory.ParseName("Doc" + n)).WithMembers(root.Members)));
                    trees.Add(CSharpSyntaxTree.Create(wrapped, RobustnessHarness.ParseOptions, path: $"/doc{n}.cs"));
                    n++;
                }
            }

            return CSharpCompilation.Create("Many", trees, await RobustnessHarness.ReferencesAsync().ConfigureAwait(false), RobustnessHarness.CompilationOptions);
        }
    }
}
