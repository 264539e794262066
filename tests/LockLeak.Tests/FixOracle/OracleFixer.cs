using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>What one way of fixing made of one cell's file: the text it left, and any failure on the way.</summary>
    public sealed record FixOutcome(string Text, bool Changed, string? Failure);

    /// <summary>
    /// Applies LockLeak's fixes to a batch of owners the two ways a user does: each diagnostic's own fix, as the
    /// light bulb does, and a solution-wide Fix All per id with the equivalence key of the first diagnostic, as
    /// `dotnet format analyzers` does. Each way repeats until the analyzer has nothing left to report (or a bound),
    /// because one owner may carry more than one diagnostic.
    /// </summary>
    public static class OracleFixer
    {
        private const int MaxRounds = 4;

        private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = LockLeakTest.AllAnalyzers.ToImmutableArray();

        /// <summary>LockLeak's diagnostics of a project, in a stable order (file, then position, then id).</summary>
        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var diagnostics = await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            return diagnostics
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToImmutableArray();
        }

        /// <summary>
        /// Each diagnostic's own first code action, as the light bulb applies it. Each owner is fixed in a project of
        /// its own: a code action forks the solution and re-binds what it touches, and in a project of one file that
        /// is a fraction of the cost of the batch project (the batch is still what the results are compiled in).
        /// </summary>
        public static async Task<Dictionary<OracleCell, FixOutcome>> FixAloneAsync(
            (bool, bool) settings, IReadOnlyList<OracleCell> cells, IReadOnlyDictionary<OracleCell, string> inputs)
        {
            var result = new Dictionary<OracleCell, FixOutcome>();
            foreach (var cell in cells)
            {
                result[cell] = await FixAloneAsync(settings, cell, inputs[cell]).ConfigureAwait(false);
            }

            return result;
        }

        private static async Task<FixOutcome> FixAloneAsync((bool, bool) settings, OracleCell cell, string input)
        {
            var text = input;

            // A diagnostic that survives its own fix is the analyzer check's to report; fixing it again only repeats the edit.
            var applied = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round < MaxRounds; round++)
            {
                using var workspace = new AdhocWorkspace();
                var (project, map) = await OracleProject.CreateAsync(workspace, settings, new[] { cell }, new Dictionary<OracleCell, string> { [cell] = text }).ConfigureAwait(false);
                var diagnostic = (await AnalyzeAsync(project).ConfigureAwait(false)).FirstOrDefault(d => d.Location.SourceTree?.FilePath == OracleProject.PathOf(cell));
                if (diagnostic is null || !applied.Add(Key(diagnostic)))
                {
                    break;
                }

                var document = project.GetDocument(map.Keys.Single())!;
                string? failure = null;
                try
                {
                    var action = await FirstActionAsync(document, diagnostic).ConfigureAwait(false);
                    if (action is null)
                    {
                        failure = $"no fix offered for {diagnostic.Id}: {diagnostic.GetMessage()}";
                    }
                    else
                    {
                        var changed = await ApplyAsync(action).ConfigureAwait(false);
                        var other = ChangedDocuments(changed, project.Solution).Where(d => d != document.Id).ToList();
                        var fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync().ConfigureAwait(false)).ToString();
                        if (other.Count > 0)
                        {
                            failure = $"the fix of {diagnostic.Id} changed other files: {string.Join(", ", other.Select(d => changed.GetDocument(d)!.FilePath))}";
                        }
                        else if (fixedText == text)
                        {
                            failure = $"the fix of {diagnostic.Id} changed nothing";
                        }
                        else
                        {
                            text = fixedText;
                            continue;
                        }
                    }
                }
                catch (Exception e)
                {
                    failure = $"the fix of {diagnostic.Id} threw {e.GetType().Name}: {e.Message}";
                }

                return new FixOutcome(text, text != input, failure);
            }

            return new FixOutcome(text, text != input, null);
        }

        /// <summary>Fix All in solution scope, one id at a time in id order, each with the key of that id's first fixable diagnostic.</summary>
        public static async Task<Dictionary<OracleCell, FixOutcome>> FixAllAsync(
            (bool, bool) settings, IReadOnlyList<OracleCell> cells, IReadOnlyDictionary<OracleCell, string> inputs)
        {
            var texts = new Dictionary<OracleCell, string>(inputs);
            var failures = new Dictionary<OracleCell, string>();
            var exhausted = new HashSet<string>(StringComparer.Ordinal);
            for (var round = 0; round < MaxRounds * 2; round++)
            {
                using var workspace = new AdhocWorkspace();
                var (project, map) = await OracleProject.CreateAsync(workspace, settings, cells, texts).ConfigureAwait(false);
                var run = await AnalyzeAsync(project).ConfigureAwait(false);
                var id = run.Select(d => d.Id).Where(i => !exhausted.Contains(i)).OrderBy(i => i, StringComparer.Ordinal).FirstOrDefault();
                if (id is null)
                {
                    break;
                }

                exhausted.Add(id);
                var fixer = LockLeakTest.AllCodeFixes.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(id));
                if (fixer is null)
                {
                    continue;
                }

                var ofId = run.Where(d => d.Id == id).ToList();
                string? key = null;
                Document? first = null;
                foreach (var diagnostic in ofId)
                {
                    var document = project.GetDocument(diagnostic.Location.SourceTree);
                    if (document is not null && await FirstActionAsync(document, diagnostic).ConfigureAwait(false) is { } action)
                    {
                        key = action.EquivalenceKey;
                        first = document;
                        break;
                    }
                }

                if (first is null)
                {
                    continue;
                }

                Solution changed;
                try
                {
                    changed = await FixAllAsync(fixer, first, FixAllScope.Solution, key, id, run).ConfigureAwait(false) ?? project.Solution;
                }
                catch (Exception e)
                {
                    // One owner must not hide the others: retry per document, so the exception lands on the owner that throws.
                    changed = project.Solution;
                    foreach (var (documentId, cell) in map.Where(p => ofId.Any(d => d.Location.SourceTree?.FilePath == OracleProject.PathOf(p.Value))))
                    {
                        try
                        {
                            var perDocument = await FixAllAsync(fixer, changed.GetDocument(documentId)!, FixAllScope.Document, key, id, run).ConfigureAwait(false);
                            changed = perDocument ?? changed;
                        }
                        catch (Exception inner)
                        {
                            failures[cell] = $"Fix All of {id} threw {inner.GetType().Name}: {inner.Message} (solution scope: {e.Message})";
                        }
                    }
                }

                foreach (var documentId in ChangedDocuments(changed, project.Solution))
                {
                    if (map.TryGetValue(documentId, out var cell))
                    {
                        texts[cell] = (await changed.GetDocument(documentId)!.GetTextAsync().ConfigureAwait(false)).ToString();
                    }
                }
            }

            return cells.ToDictionary(c => c, c => new FixOutcome(texts[c], texts[c] != inputs[c], failures.GetValueOrDefault(c)));
        }

        public static Dictionary<OracleCell, List<Diagnostic>> ByCell(IEnumerable<Diagnostic> diagnostics, IReadOnlyDictionary<DocumentId, OracleCell> map)
        {
            var byPath = map.Values.ToDictionary(OracleProject.PathOf, c => c, StringComparer.Ordinal);
            var result = new Dictionary<OracleCell, List<Diagnostic>>();
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Location.SourceTree?.FilePath is { } path && byPath.TryGetValue(path, out var cell))
                {
                    if (!result.TryGetValue(cell, out var list))
                    {
                        result[cell] = list = new List<Diagnostic>();
                    }

                    list.Add(diagnostic);
                }
            }

            return result;
        }

        private static string Key(Diagnostic diagnostic) => diagnostic.Id + " " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);

        private static IEnumerable<DocumentId> ChangedDocuments(Solution changed, Solution old) =>
            changed.GetChanges(old).GetProjectChanges().SelectMany(p => p.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true).Concat(p.GetAddedDocuments()));

        private static async Task<CodeAction?> FirstActionAsync(Document document, Diagnostic diagnostic)
        {
            var fixer = LockLeakTest.AllCodeFixes.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(diagnostic.Id));
            if (fixer is null)
            {
                return null;
            }

            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None)).ConfigureAwait(false);
            return actions.FirstOrDefault();
        }

        private static async Task<Solution> ApplyAsync(CodeAction action)
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
            return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }

        private static async Task<Solution?> FixAllAsync(CodeFixProvider fixer, Document document, FixAllScope scope, string? key, string id, ImmutableArray<Diagnostic> run)
        {
            var provider = fixer.GetFixAllProvider();
            if (provider is null)
            {
                return null;
            }

            var context = new FixAllContext(document, fixer, scope, key!, new[] { id }, new FixedDiagnosticProvider(run), CancellationToken.None);
            var action = await provider.GetFixAsync(context).ConfigureAwait(false);
            return action is null ? null : await ApplyAsync(action).ConfigureAwait(false);
        }
    }
}
