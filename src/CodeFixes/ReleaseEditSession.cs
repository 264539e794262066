using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// One editor per document for one fix or one Fix All, so that the edits of several types (nested types,
    /// partial parts, types in one file) land on the same original tree and compose instead of conflicting.
    /// </summary>
    internal sealed class ReleaseEditSession
    {
        private readonly Dictionary<DocumentId, DocumentEditor> editors = new Dictionary<DocumentId, DocumentEditor>();
        private readonly List<DocumentId> order = new List<DocumentId>();

        public ReleaseEditSession(Solution solution) => Solution = solution;

        public Solution Solution { get; }

        public async Task<DocumentEditor?> GetEditorAsync(SyntaxTree? tree, CancellationToken cancellationToken)
        {
            if (tree is null || Solution.GetDocument(tree) is not { } document || !document.SupportsSemanticModel)
            {
                return null;
            }

            if (!editors.TryGetValue(document.Id, out var editor))
            {
                editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
                editors.Add(document.Id, editor);
                order.Add(document.Id);
            }

            return editor;
        }

        /// <summary>Marks the type names (System.IDisposable, System.GC) whose namespace may need a using directive.</summary>
        public static SyntaxAnnotation ImportsAnnotation { get; } = new SyntaxAnnotation("LockLeak.AddImports");

        public async Task<Solution> GetChangedSolutionAsync(CancellationToken cancellationToken)
        {
            var solution = Solution;
            foreach (var id in order)
            {
                var editor = editors[id];
                var changed = editor.GetChangedRoot();
                if (ReferenceEquals(changed, editor.OriginalRoot))
                {
                    continue;
                }

                solution = solution.WithDocumentSyntaxRoot(id, changed);
                if (changed.GetAnnotatedNodes(ImportsAnnotation).Any())
                {
                    // `using System;` only where IDisposable or GC does not already bind; the simplifier then shortens the names.
                    var document = await ImportAdder.AddImportsAsync(solution.GetDocument(id)!, ImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                    solution = document.Project.Solution;
                }
            }

            return solution;
        }
    }
}
