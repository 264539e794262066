using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace LockLeak.Tests.Robustness
{
    /// <summary>
    /// Runs every LockLeak analyzer, and every LockLeak code fix on each LockLeak diagnostic, on arbitrary
    /// (possibly broken) source, and returns each failure as text: an analyzer exception, AD0001, or an exception
    /// from a fix while its actions are registered, computed or applied.
    /// </summary>
    public static class RobustnessHarness
    {
        private static readonly SemaphoreSlim ReferencesGate = new SemaphoreSlim(1, 1);
        private static ImmutableArray<MetadataReference> references;

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.CSharp12);

        public static CSharpCompilationOptions CompilationOptions { get; } =
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable);

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = LockLeakTest.AllAnalyzers.ToImmutableArray();

        /// <summary>The .NET 8 reference assemblies the rule tests compile against, resolved once.</summary>
        public static async Task<ImmutableArray<MetadataReference>> ReferencesAsync()
        {
            if (!references.IsDefault)
            {
                return references;
            }

            await ReferencesGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (references.IsDefault)
                {
                    references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).ConfigureAwait(false);
                }

                return references;
            }
            finally
            {
                ReferencesGate.Release();
            }
        }

        /// <summary>A project of one document holding <paramref name="source"/>, compiled as the rule tests compile.</summary>
        public static async Task<Document> SingleDocumentAsync(Workspace workspace, string source)
        {
            var project = workspace.CurrentSolution
                .AddProject("Single", "Single", LanguageNames.CSharp)
                .WithCompilationOptions(CompilationOptions)
                .WithParseOptions(ParseOptions)
                .WithMetadataReferences(await ReferencesAsync().ConfigureAwait(false));
            return project.AddDocument("Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        }

        public static CompilationWithAnalyzersOptions AnalysisOptions(ConcurrentQueue<string> failures, bool concurrent = true) =>
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                    failures.Enqueue($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}\n{exception.StackTrace}"),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false);

        /// <summary>Analyzes <paramref name="source"/> and applies every offered fix; returns the failures and the number of fixes exercised.</summary>
        public static async Task<(IReadOnlyList<string> Failures, int Diagnostics, int Fixes)> RunAsync(string source)
        {
            var failures = new ConcurrentQueue<string>();
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Robustness", "Robustness", LanguageNames.CSharp,
                    compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: await ReferencesAsync().ConfigureAwait(false)));
            var documentId = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
            if (!workspace.TryApplyChanges(solution))
            {
                throw new InvalidOperationException("AdhocWorkspace refused the test project.");
            }

            var document = workspace.CurrentSolution.GetDocument(documentId)!;
            var diagnostics = await AnalyzeAsync(document.Project, failures).ConfigureAwait(false);
            var lockLeak = diagnostics.Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal) && d.Location.IsInSource).ToImmutableArray();
            var fixes = 0;
            foreach (var diagnostic in lockLeak)
            {
                foreach (var provider in LockLeakTest.AllCodeFixes.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    fixes += await ExerciseFixAsync(provider, document, diagnostic, lockLeak, failures).ConfigureAwait(false);
                }
            }

            return (failures.ToArray(), lockLeak.Length, fixes);
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ConcurrentQueue<string> failures)
        {
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var diagnostics = await compilation.WithAnalyzers(Analyzers, AnalysisOptions(failures)).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            foreach (var ad0001 in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Enqueue("AD0001: " + ad0001.GetMessage());
            }

            return diagnostics;
        }

        private static async Task<int> ExerciseFixAsync(CodeFixProvider provider, Document document, Diagnostic diagnostic, ImmutableArray<Diagnostic> all, ConcurrentQueue<string> failures)
        {
            var name = provider.GetType().Name;
            var actions = new List<CodeAction>();
            try
            {
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{name}.RegisterCodeFixesAsync on {diagnostic.Id} at {diagnostic.Location.SourceSpan} threw {ex}");
                return 0;
            }

            var applied = 0;
            foreach (var action in actions.SelectMany(Flatten))
            {
                applied++;
                await ApplyAsync($"{name} '{action.Title}' on {diagnostic.Id} at {diagnostic.Location.SourceSpan}", action, document.Project.Solution, failures).ConfigureAwait(false);
            }

            // Fix All in the document, with the equivalence key of each offered action, as the IDE's Fix All would.
            FixAllProvider? fixAll;
            try
            {
                fixAll = provider.GetFixAllProvider();
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{name}.GetFixAllProvider threw {ex}");
                return applied;
            }

            if (fixAll is null || !fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
            {
                return applied;
            }

            foreach (var key in actions.SelectMany(Flatten).Select(a => a.EquivalenceKey).Distinct())
            {
                var where = $"{name} Fix All (document, key '{key}') from {diagnostic.Id} at {diagnostic.Location.SourceSpan}";
                try
                {
                    var context = new FixAllContext(document, provider, FixAllScope.Document, key, provider.FixableDiagnosticIds, new FixedDiagnosticProvider(all), CancellationToken.None);
                    var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                    if (action is not null)
                    {
                        applied++;
                        await ApplyAsync(where, action, document.Project.Solution, failures).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue($"{where} threw {ex}");
                }
            }

            return applied;
        }

        /// <summary>Computes the action's edit and the fixed documents, then runs the analyzers on the result.</summary>
        private static async Task ApplyAsync(string where, CodeAction action, Solution original, ConcurrentQueue<string> failures)
        {
            try
            {
                foreach (var operation in await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    if (operation is not ApplyChangesOperation apply)
                    {
                        continue;
                    }

                    var changed = apply.ChangedSolution;
                    foreach (var projectChanges in changed.GetChanges(original).GetProjectChanges())
                    {
                        foreach (var id in projectChanges.GetChangedDocuments())
                        {
                            var fixedDocument = changed.GetDocument(id)!;
                            await fixedDocument.GetTextAsync().ConfigureAwait(false);
                            await fixedDocument.GetSyntaxRootAsync().ConfigureAwait(false);
                        }

                        var fixedFailures = new ConcurrentQueue<string>();
                        await AnalyzeAsync(projectChanges.NewProject, fixedFailures).ConfigureAwait(false);
                        foreach (var failure in fixedFailures)
                        {
                            failures.Enqueue($"after {where}: {failure}");
                        }
                    }
                }
            }
            catch (Exception ex)
            {
                failures.Enqueue($"{where} threw {ex}");
            }
        }

        /// <summary>Nested actions are public from Roslyn 4.9 (NestedActions) and internal before (NestedCodeActions).</summary>
        private static IEnumerable<CodeAction> Flatten(CodeAction action)
        {
            var property = typeof(CodeAction).GetProperty("NestedActions", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                ?? typeof(CodeAction).GetProperty("NestedCodeActions", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
            var nested = property?.GetValue(action) is ImmutableArray<CodeAction> array && !array.IsDefaultOrEmpty ? array : ImmutableArray<CodeAction>.Empty;
            return nested.IsEmpty ? new[] { action } : nested.SelectMany(Flatten);
        }
    }
}
