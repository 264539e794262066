using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LockLeak;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LeakyStore.Tests
{
    /// <summary>
    /// The sample's sources as one C# project in a workspace, compiled the way samples/LeakyStore builds them
    /// (nullable, unsafe, the running framework's assemblies), with every LockLeak analyzer.
    /// </summary>
    internal sealed class SampleWorkspace : IDisposable
    {
        private SampleWorkspace(AdhocWorkspace workspace, Project project)
        {
            Workspace = workspace;
            Project = project;
        }

        public static IReadOnlyList<DiagnosticAnalyzer> Analyzers { get; } = typeof(OwnedLockNotReleasedAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();

        public AdhocWorkspace Workspace { get; }

        public Project Project { get; }

        public static SampleWorkspace Open()
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId("LeakyStore");
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => Path.GetDirectoryName(path) == Path.TrimEndingDirectorySeparator(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory()))
                .Select(path => MetadataReference.CreateFromFile(path));
            var info = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "LeakyStore",
                "LeakyStore",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: references);
            var solution = workspace.CurrentSolution.AddProject(info);
            foreach (var source in SampleFiles.Sources)
            {
                solution = solution.AddDocument(
                    DocumentId.CreateNewId(projectId, source),
                    Path.GetFileName(source),
                    SampleFiles.Read(source),
                    folders: source.Split('/').SkipLast(1).ToArray(),
                    filePath: Path.Combine(SampleFiles.SampleDirectory, source));
            }

            if (!workspace.TryApplyChanges(solution))
            {
                throw new InvalidOperationException("could not open the sample in a workspace");
            }

            return new SampleWorkspace(workspace, workspace.CurrentSolution.GetProject(projectId)!);
        }

        public Document Document(string relativePath) =>
            Project.Documents.Single(d => d.FilePath == Path.Combine(SampleFiles.SampleDirectory, relativePath));

        public static string RelativePath(Location location) =>
            Path.GetRelativePath(SampleFiles.SampleDirectory, location.SourceTree!.FilePath).Replace('\\', '/');

        /// <summary>The compiler's errors and every LockLeak diagnostic of <paramref name="project"/>; throws if an analyzer threw.</summary>
        public static async Task<(ImmutableArray<Diagnostic> Errors, ImmutableArray<Diagnostic> LockLeak)> AnalyzeAsync(Project project)
        {
            var compilation = (await project.GetCompilationAsync())!;
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            var exceptions = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                (exception, analyzer, _) => { lock (exceptions) { exceptions.Add(analyzer.GetType().Name + ": " + exception); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(Analyzers.ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync();
            Assert.True(exceptions.Count == 0, "an analyzer threw: " + string.Join(Environment.NewLine, exceptions));
            var lockLeak = diagnostics
                .Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToImmutableArray();
            return (errors, lockLeak);
        }

        public void Dispose() => Workspace.Dispose();
    }
}
