using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using LockLeak.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// `dotnet format analyzers` on a multi-targeted project, step by step as it runs. Each target framework is a
    /// project of its own, and the fixers are loaded once per project, so for one id every fixer instance is asked in
    /// turn, each with the diagnostics of the one analysis made before the first instance changed the solution. Those
    /// diagnostics are kept by the project object they were computed on: a later instance, given the changed solution,
    /// finds none for its projects. The first diagnostic it takes its equivalence key from may be of any id the
    /// analyzer reports, fixable or not. rabbitmq-dotnet-client (netstandard2.0 + net8.0) printed "Unable to fix LCK002.
    /// Code fix ReleaseLockInDisposeCodeFix didn't return a Fix All action." this way.
    /// </summary>
    public class DotnetFormatMultiTargetTests
    {
        // LCK001, LCK002 and LCK003 (one of them on an array of handles), and a type whose LCK002 has no fix (its base's Dispose cannot be extended).
        private const string Locks = """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

            class Closable : IDisposable
            {
                public void Dispose()
                {
                }
            }

            sealed class Sealed : Closable
            {
                private readonly Mutex _mutex = new Mutex();
            }

            sealed class Bare
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);
            }

            sealed class Forgetful : IDisposable
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();

                public void Dispose()
                {
                }
            }

            sealed class NativeStore : IDisposable
            {
                private IntPtr _event = CreateEvent(IntPtr.Zero, true, false, null);

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);
            }

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events = new IntPtr[2];

                public EventSet()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        _events[i] = CreateEvent(IntPtr.Zero, true, false, null);
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);
            }
            """;

        // LCK006 in a document of its own, so that a fix of another id leaves it as it was.
        private const string Slim = """
            using System;
            using System.Threading;

            sealed class Throttle : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(4);

                public void Dispose()
                {
                }
            }
            """;

        private static readonly string[] Frameworks = { "netstandard2.0", "net8.0" };

        public static TheoryData<string> Ids => new TheoryData<string> { "LCK001", "LCK002", "LCK003", "LCK006" };

        [Theory]
        [MemberData(nameof(Ids))]
        public async Task EveryFixerInstance_GetsAFixAllAction_WhicheverDiagnosticComesFirst(string id)
        {
            var count = await RunAsync(id, firstIndex: 0);
            for (var first = 0; first < count; first++)
            {
                await RunAsync(id, first);
            }
        }

        /// <summary>One `dotnet format` pass for <paramref name="id"/>, with the run's diagnostic number <paramref name="firstIndex"/> first; returns how many the run has.</summary>
        private static async Task<int> RunAsync(string id, int firstIndex)
        {
            using var workspace = new AdhocWorkspace();
            var solution = await SolutionAsync(workspace);
            var analyzers = LockLeakTest.AllAnalyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToImmutableArray();

            // One fixer instance per project, as dotnet format loads them.
            var fixerType = Assert.Single(LockLeakTest.AllCodeFixes, f => f.FixableDiagnosticIds.Contains(id)).GetType();
            var fixers = solution.Projects.Select(_ => (CodeFixProvider)Activator.CreateInstance(fixerType)!).ToList();

            var result = new Dictionary<Project, List<Diagnostic>>();
            foreach (var project in solution.Projects)
            {
                result.Add(project, (await AnalyzeAsync(project, analyzers)).ToList());
            }

            var run = result.SelectMany(p => p.Value).ToList();
            Assert.Contains(run, d => d.Id == id);
            var first = run[firstIndex];
            var unfixable = await UnfixableAsync(solution, run.Where(d => d.Id == id), fixers[0]);

            foreach (var fixer in fixers)
            {
                var where = $"{id}, fixer {fixers.IndexOf(fixer) + 1} of {fixers.Count}, first {first.Id} '{first.GetMessage()}'";
                var changed = await ApplyAsync(solution, result, fixer, id, first, where);
                if (changed.GetChanges(solution).GetProjectChanges().Any())
                {
                    solution = changed;
                }
            }

            // dotnet format writes one file from the copies of all target frameworks: they must agree.
            foreach (var path in new[] { "/src/Locks.cs", "/src/Slim.cs" })
            {
                var copies = new List<string>();
                foreach (var project in solution.Projects)
                {
                    copies.Add((await project.Documents.Single(d => d.FilePath == path).GetTextAsync()).ToString());
                }

                Assert.Single(copies.Distinct(StringComparer.Ordinal));
            }

            foreach (var project in solution.Projects)
            {
                var left = (await AnalyzeAsync(project, analyzers)).Where(d => d.Id == id).Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal);
                Assert.Equal(unfixable.OrderBy(m => m, StringComparer.Ordinal), left);
            }

            return run.Count;
        }

        /// <summary>What SolutionCodeFixApplier does with one fixer: the key of the first diagnostic's first action, then a solution-wide Fix All.</summary>
        private static async Task<Solution> ApplyAsync(Solution solution, Dictionary<Project, List<Diagnostic>> result, CodeFixProvider fixer, string id, Diagnostic first, string where)
        {
            var document = solution.GetDocument(first.Location.SourceTree);
            if (document is null)
            {
                // The document changed since the analysis: dotnet format leaves this fixer out without a word.
                return solution;
            }

            CodeAction? action = null;
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => action ??= a, CancellationToken.None));
            var context = new FixAllContext(
                document,
                fixer,
                FixAllScope.Solution,
                action?.EquivalenceKey!,
                new[] { id },
                new ProjectKeyedDiagnostics(result),
                CancellationToken.None);

            var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
            Assert.True(fixAll is not null, $"{where}: Unable to fix {id}. Code fix {fixer.GetType().Name} didn't return a Fix All action.");
            var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
            var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault();
            Assert.True(apply is not null, $"{where}: the Fix All returned no single ApplyChangesOperation");
            return apply!.ChangedSolution;
        }

        /// <summary>The messages of the diagnostics of <paramref name="diagnostics"/> for which the fixer offers nothing, in the first project.</summary>
        private static async Task<List<string>> UnfixableAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CodeFixProvider fixer)
        {
            var first = solution.Projects.First();
            var unfixable = new List<string>();
            foreach (var diagnostic in diagnostics.Where(d => solution.GetDocument(d.Location.SourceTree)?.Project.Id == first.Id))
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(solution.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                if (actions.Count == 0)
                {
                    unfixable.Add(diagnostic.GetMessage());
                }
            }

            return unfixable;
        }

        private static async Task<Solution> SolutionAsync(AdhocWorkspace workspace)
        {
            var references = await RobustnessHarness.ReferencesAsync();
            var solution = workspace.CurrentSolution;
            foreach (var framework in Frameworks)
            {
                var project = solution.AddProject($"Lib({framework})", "Lib", LanguageNames.CSharp)
                    .WithCompilationOptions(RobustnessHarness.CompilationOptions)
                    .WithParseOptions(RobustnessHarness.ParseOptions)
                    .WithMetadataReferences(references);
                solution = project.AddDocument("Locks.cs", SourceText.From(Locks), filePath: "/src/Locks.cs").Project
                    .AddDocument("Slim.cs", SourceText.From(Slim), filePath: "/src/Slim.cs").Project.Solution;
            }

            return solution;
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        }

        /// <summary>As dotnet format keeps them: by the project object the analysis ran on, the documents' by file path.</summary>
        private sealed class ProjectKeyedDiagnostics : FixAllContext.DiagnosticProvider
        {
            private readonly IReadOnlyDictionary<Project, List<Diagnostic>> byProject;

            public ProjectKeyedDiagnostics(IReadOnlyDictionary<Project, List<Diagnostic>> byProject) => this.byProject = byProject;

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                GetProjectDiagnosticsAsync(project, cancellationToken);

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                (await GetProjectDiagnosticsAsync(document.Project, cancellationToken).ConfigureAwait(false))
                    .Where(d => d.Location.SourceTree?.FilePath == document.FilePath).ToArray();

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult<IEnumerable<Diagnostic>>(byProject.TryGetValue(project, out var diagnostics) ? diagnostics : Enumerable.Empty<Diagnostic>());
        }
    }
}
