using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>
    /// One editor per document for one fix or one Fix All, so that the edits of several types (nested types,
    /// partial parts, types in one file) and of several rules land on the same original tree and compose instead
    /// of conflicting.
    /// </summary>
    internal sealed class ReleaseEditSession
    {
        private readonly Dictionary<DocumentId, DocumentEditor> editors = new Dictionary<DocumentId, DocumentEditor>();
        private readonly List<DocumentId> order = new List<DocumentId>();

        public ReleaseEditSession(Solution solution) => Solution = solution;

        public Solution Solution { get; }

        /// <summary>P/Invoke declarations added in this session, by (declaring type, entry point, parameter): the name to call.</summary>
        public Dictionary<string, string> AddedDeclarations { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// The loop variables this session gave each owner (by project and documentation comment id): Fix All names the index of each
        /// handle collection's loop as fixing them one at a time does (`i`, then `i2`).
        /// </summary>
        public Dictionary<string, NameScope> LoopNames { get; } = new Dictionary<string, NameScope>(StringComparer.Ordinal);

        /// <summary>
        /// Marks the fully qualified type names (System.IDisposable, System.GC, Marshal...) whose namespace may need a
        /// using directive: the one way a fix adds a `using`. ImportAdder adds it only where the name does not bind
        /// already (global and implicit usings included) and where the file keeps its usings; the code action's
        /// simplifier then shortens the name (generator type expressions carry its annotation).
        /// </summary>
        public static SyntaxAnnotation ImportsAnnotation { get; } = new SyntaxAnnotation("LockLeak.AddImports");

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
                if (changed.GetAnnotatedNodes(ImportsAnnotation).Any()
                    && await NeedsImportAsync(solution.GetDocument(id)!, cancellationToken).ConfigureAwait(false))
                {
                    var document = await ImportAdder.AddImportsAsync(solution.GetDocument(id)!, ImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
                    solution = document.Project.Solution;
                }

                solution = await FinishInFileLayoutAsync(solution.GetDocument(id)!, DocumentLayout.NewLineOf(editor.OriginalRoot), cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        /// <summary>
        /// Simplifies and formats what the fix wrote here rather than leaving it to the code action's clean-up, which lays
        /// new lines out with the host's line break (LF on Linux, whatever the file uses): the file's own break is passed in.
        /// </summary>
        private static async Task<Solution> FinishInFileLayoutAsync(Document document, string newLine, CancellationToken cancellationToken)
        {
            var options = (await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false))
                .WithChangedOption(FormattingOptions.NewLine, newLine);
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, options, cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
            return document.Project.Solution;
        }

        /// <summary>
        /// Whether some marked name does not bind by its simple name where it stands. ImportAdder would otherwise add a
        /// `using System;` that a global or implicit using already provides, which the simplifier then removes, leaving
        /// its line break behind.
        /// </summary>
        private static async Task<bool> NeedsImportAsync(Document document, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return true;
            }

            foreach (var node in root.GetAnnotatedNodes(ImportsAnnotation))
            {
                var simple = node switch
                {
                    QualifiedNameSyntax qualified => qualified.Right,
                    AliasQualifiedNameSyntax alias => alias.Name,
                    _ => null,
                };
                var symbol = model.GetSymbolInfo(node, cancellationToken).Symbol;
                if (simple is null || symbol is null)
                {
                    return true;
                }

                var bound = model.GetSpeculativeSymbolInfo(node.SpanStart, simple.WithoutTrivia(), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
                if (!SymbolEqualityComparer.Default.Equals(bound, symbol))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
