using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>
    /// The IDE path: the consumer opened in an MSBuild workspace, with the analyzer references its
    /// PackageReference produced (the assemblies NuGet extracted from our .nupkg), squiggles as the
    /// diagnostic service computes them, and light-bulb and Fix All actions from the packaged code fixes.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class IdeWorkspaceTests
    {
        private readonly PackageFixture fixture;

        static IdeWorkspaceTests()
        {
            // Before any MSBuild type is touched: use the SDK that builds the consumer from the command line.
            if (!MSBuildLocator.IsRegistered)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }

        public IdeWorkspaceTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public async Task OpenProject_PackageAnalyzers_SquiggleEveryMarkedSpan()
        {
            using var loaded = await OpenAsync("ide-diagnostics");

            Assert.Equal(ConsumerSources.ShippedRuleIds, loaded.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
            var diagnostics = await LockLeakDiagnosticsAsync(loaded.Project, loaded.Analyzers);
            var leaks = loaded.Project.Documents.Single(d => d.Name == ConsumerSources.LeaksFileName);
            var tree = await leaks.GetSyntaxTreeAsync();

            var expected = ConsumerSources.Leaks.Spans
                .Where(s => ConsumerSources.ReportedIds.Contains(s.Tag))
                .Select(s => (s.Tag, s.Span))
                .OrderBy(d => d.Span.Start)
                .ToArray();
            Assert.All(diagnostics, d => Assert.Same(tree, d.Location.SourceTree));
            Assert.Equal(expected, diagnostics.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(d => d.SourceSpan.Start).ToArray());
            Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        }

        [Fact]
        public async Task LightBulbOnSquiggle_FirstAction_ReleasesLockInDispose()
        {
            using var loaded = await OpenAsync("ide-fix");
            var document = loaded.Project.Documents.Single(d => d.Name == ConsumerSources.LeaksFileName);
            var before = await LockLeakDiagnosticsAsync(loaded.Project, loaded.Analyzers);
            var target = ConsumerSources.Leaks.Tagged("LCK002").First();
            var diagnostic = before.Single(d => d.Id == "LCK002" && d.Location.SourceSpan == target.Span);

            var actions = await ActionsForAsync(loaded, document, diagnostic);
            Assert.NotEmpty(actions);
            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Assert.True(loaded.Workspace.TryApplyChanges(changed));

            var expected = ReplaceOnce(
                ConsumerSources.Leaks.Text,
                "            _lock = new ReaderWriterLockSlim();\n        }\n\n        public void Dispose()\n        {\n        }",
                "            _lock = new ReaderWriterLockSlim();\n        }\n\n        public void Dispose()\n        {\n            _lock.Dispose();\n        }");
            var project = loaded.Workspace.CurrentSolution.GetProject(loaded.Project.Id)!;
            var newDocument = project.GetDocument(document.Id)!;
            Assert.Equal(expected, (await newDocument.GetTextAsync()).ToString());
            Assert.Equal(expected, File.ReadAllText(newDocument.FilePath!));

            var after = await LockLeakDiagnosticsAsync(project, loaded.Analyzers);
            Assert.DoesNotContain(after, d => d.Id == "LCK002" && d.GetMessage().Contains("'StoreCache'", StringComparison.Ordinal));
            Assert.Equal(before.Length - 1, after.Length);
            await AssertCompilesAsync(project);
        }

        [Fact]
        public async Task FixAllInSolution_Lck002_ReleasesEveryUnsuppressedLockInOneEdit()
        {
            using var loaded = await OpenAsync("ide-fixall");
            var document = loaded.Project.Documents.Single(d => d.Name == ConsumerSources.LeaksFileName);
            var before = await LockLeakDiagnosticsAsync(loaded.Project, loaded.Analyzers);
            var first = before.First(d => d.Id == "LCK002");
            var provider = loaded.Fixes.First(p => p.FixableDiagnosticIds.Contains("LCK002"));
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, first.Location.SourceSpan, ImmutableArray.Create(first), (a, _) => actions.Add(a), CancellationToken.None));
            Assert.NotEmpty(actions);

            // `dotnet format` and the IDE's "Fix all occurrences in solution" both go through this.
            var fixAll = provider.GetFixAllProvider();
            Assert.NotNull(fixAll);
            Assert.Contains(FixAllScope.Solution, fixAll!.GetSupportedFixAllScopes());
            var context = new FixAllContext(
                document,
                provider,
                FixAllScope.Solution,
                actions[0].EquivalenceKey,
                new[] { "LCK002" },
                new PackageDiagnosticProvider(loaded.Analyzers),
                CancellationToken.None);
            var fix = await fixAll.GetFixAsync(context);
            Assert.NotNull(fix);
            var operations = await fix!.GetOperationsAsync(CancellationToken.None);
            Assert.True(loaded.Workspace.TryApplyChanges(operations.OfType<ApplyChangesOperation>().Single().ChangedSolution));

            var expected = ConsumerSources.Leaks.Text;
            expected = ReplaceOnce(
                expected,
                "            _lock = new ReaderWriterLockSlim();\n        }\n\n        public void Dispose()\n        {\n        }",
                "            _lock = new ReaderWriterLockSlim();\n        }\n\n        public void Dispose()\n        {\n            _lock.Dispose();\n        }");
            expected = ReplaceOnce(
                expected,
                "        private readonly Semaphore _loud = new Semaphore(1, 1);\n\n        public void Dispose()\n        {\n        }",
                "        private readonly Semaphore _loud = new Semaphore(1, 1);\n\n        public void Dispose()\n        {\n            _loud.Dispose();\n        }");
            expected = ReplaceOnce(
                expected,
                "        private readonly Mutex _loud = new Mutex();\n\n        public void Dispose()\n        {\n        }",
                "        private readonly Mutex _loud = new Mutex();\n\n        public void Dispose()\n        {\n            _loud.Dispose();\n        }");
            var project = loaded.Workspace.CurrentSolution.GetProject(loaded.Project.Id)!;
            Assert.Equal(expected, (await project.GetDocument(document.Id)!.GetTextAsync()).ToString());

            var after = await LockLeakDiagnosticsAsync(project, loaded.Analyzers);
            Assert.DoesNotContain(after, d => d.Id == "LCK002");
            Assert.Equal(before.Where(d => d.Id != "LCK002").Select(d => d.Id).OrderBy(id => id), after.Select(d => d.Id).OrderBy(id => id));
            await AssertCompilesAsync(project);
        }

        private async Task<LoadedConsumer> OpenAsync(string name)
        {
            var consumer = fixture.CreateConsumer(name);
            await DotNet.RunCheckedAsync(consumer.Directory, "restore", consumer.Project, "-tl:off", "-nr:false");

            var workspace = MSBuildWorkspace.Create();
            try
            {
                var failures = new List<string>();
                using var failed = workspace.RegisterWorkspaceFailedHandler(e =>
                {
                    if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
                    {
                        failures.Add(e.Diagnostic.Message);
                    }
                });
                var project = await workspace.OpenProjectAsync(consumer.Project);
                Assert.Empty(failures);

                // Exactly the two assemblies of our package, from where NuGet extracted it: what the IDE loads.
                var fromPackage = project.AnalyzerReferences
                    .OfType<AnalyzerFileReference>()
                    .Where(r => string.Equals(Path.GetDirectoryName(r.FullPath), fixture.InstalledAnalyzerFolder, StringComparison.Ordinal))
                    .OrderBy(r => r.FullPath, StringComparer.Ordinal)
                    .ToArray();
                Assert.Equal(new[] { "LockLeak.Analyzer.dll", "LockLeak.CodeFixes.dll" }, fromPackage.Select(r => Path.GetFileName(r.FullPath)));
                Assert.DoesNotContain(project.AnalyzerReferences, r => r.Display is "LockLeak.Analyzer" or "LockLeak.CodeFixes" && !fromPackage.Contains(r));

                var analyzers = fromPackage.SelectMany(r => r.GetAnalyzers(LanguageNames.CSharp)).ToImmutableArray();
                Assert.NotEmpty(analyzers);
                var fixes = fromPackage.SelectMany(r => CodeFixProviders(r.GetAssembly())).ToImmutableArray();
                return new LoadedConsumer(workspace, project, analyzers, fixes);
            }
            catch
            {
                workspace.Dispose();
                throw;
            }
        }

        /// <summary>The code-fix providers the IDE's MEF catalog would export from an analyzer assembly.</summary>
        private static IEnumerable<CodeFixProvider> CodeFixProviders(Assembly assembly) =>
            assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .Where(t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is { } export && export.Languages.Contains(LanguageNames.CSharp))
                .OrderBy(t => t.FullName, StringComparer.Ordinal)
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);

        private static async Task<List<CodeAction>> ActionsForAsync(LoadedConsumer loaded, Document document, Diagnostic diagnostic)
        {
            var actions = new List<CodeAction>();
            foreach (var provider in loaded.Fixes.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic.Location.SourceSpan, ImmutableArray.Create(diagnostic), (a, _) => actions.Add(a), CancellationToken.None));
            }

            return actions;
        }

        private static async Task<ImmutableArray<Diagnostic>> LockLeakDiagnosticsAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var compilation = await project.GetCompilationAsync();
            var all = await compilation!.WithAnalyzers(analyzers, project.AnalyzerOptions).GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(all, d => d.Id == "AD0001");
            return all.Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal) && !d.IsSuppressed).ToImmutableArray();
        }

        private static async Task AssertCompilesAsync(Project project)
        {
            var compilation = await project.GetCompilationAsync();
            Assert.Empty(compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        private static string ReplaceOnce(string text, string oldValue, string newValue)
        {
            var index = text.IndexOf(oldValue, StringComparison.Ordinal);
            Assert.True(index >= 0 && text.IndexOf(oldValue, index + 1, StringComparison.Ordinal) < 0, "The snippet must occur exactly once: " + oldValue);
            return text.Substring(0, index) + newValue + text.Substring(index + oldValue.Length);
        }

        private sealed class LoadedConsumer : IDisposable
        {
            public LoadedConsumer(MSBuildWorkspace workspace, Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes)
            {
                Workspace = workspace;
                Project = project;
                Analyzers = analyzers;
                Fixes = fixes;
            }

            public MSBuildWorkspace Workspace { get; }

            public Project Project { get; }

            public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

            public ImmutableArray<CodeFixProvider> Fixes { get; }

            public void Dispose() => Workspace.Dispose();
        }

        /// <summary>Feeds Fix All the package analyzers' diagnostics, as the IDE's diagnostic service does.</summary>
        private sealed class PackageDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;

            public PackageDiagnosticProvider(ImmutableArray<DiagnosticAnalyzer> analyzers) => this.analyzers = analyzers;

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken);
                return (await LockLeakDiagnosticsAsync(document.Project, analyzers)).Where(d => d.Location.SourceTree == tree);
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                Task.FromResult(Enumerable.Empty<Diagnostic>());

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                await LockLeakDiagnosticsAsync(project, analyzers);
        }
    }
}
