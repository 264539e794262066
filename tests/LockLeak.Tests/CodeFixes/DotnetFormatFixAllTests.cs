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
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// Every fix's Fix All started the way `dotnet format analyzers` starts it, for every id and whichever diagnostic
    /// it happens to meet first. For each id it runs the analyzers that report that id, takes the equivalence key of
    /// the fix the id's fixer offers on the first diagnostic of that run (of any id those analyzers report), and asks
    /// for a solution-wide Fix All of that one id over the diagnostics of the run. The order of the run is the order in
    /// which concurrent analysis finished, so every diagnostic must do as the first.
    /// </summary>
    public class DotnetFormatFixAllTests
    {
        // One defect per rule, each with a fix.
        private const string Source = """
            using System;
            using System.Runtime.InteropServices;
            using System.Threading;

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
                private CRITICAL_SECTION _section;

                public NativeStore()
                {
                    InitializeCriticalSection(ref _section);
                }

                public void Dispose()
                {
                }

                [DllImport("kernel32.dll")]
                private static extern void InitializeCriticalSection(ref CRITICAL_SECTION section);

                [StructLayout(LayoutKind.Sequential)]
                private struct CRITICAL_SECTION
                {
                    public IntPtr DebugInfo;
                    public int LockCount;
                    public int RecursionCount;
                    public IntPtr OwningThread;
                    public IntPtr LockSemaphore;
                    public UIntPtr SpinCount;
                }
            }

            class FirstOpen
            {
                public FirstOpen()
                {
                    var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }

            sealed class Counted : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        _mutex.Dispose();
                    }
                }
            }
            """;

        public static TheoryData<string> Ids => new TheoryData<string> { "LCK001", "LCK002", "LCK003", "LCK004", "LCK005" };

        [Theory]
        [MemberData(nameof(Ids))]
        public async Task FixAll_OneIdWithTheKeyOfAnyFirstDiagnostic_FixesEveryDiagnosticOfThatId(string id)
        {
            using var workspace = new AdhocWorkspace();
            var document = await RobustnessHarness.SingleDocumentAsync(workspace, Source);
            var analyzers = LockLeakTest.AllAnalyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).ToImmutableArray();
            var run = await AnalyzeAsync(document.Project, analyzers);
            Assert.Single(run, d => d.Id == id);
            var others = await AnalyzeAsync(document.Project, LockLeakTest.AllAnalyzers.ToImmutableArray());

            var fixer = Assert.Single(LockLeakTest.AllCodeFixes, f => f.FixableDiagnosticIds.Contains(id));
            foreach (var first in run)
            {
                var where = $"{id} after {first.Id} at {first.Location.GetLineSpan().StartLinePosition}";
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, first, (a, _) => actions.Add(a), CancellationToken.None));
                var context = new FixAllContext(
                    document,
                    fixer,
                    FixAllScope.Solution,
                    actions.FirstOrDefault()?.EquivalenceKey!,
                    new[] { id },
                    new FixedDiagnosticProvider(run),
                    CancellationToken.None);

                var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);

                Assert.True(fixAll is not null, $"{where}: no Fix All action");
                var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
                var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
                var after = await AnalyzeAsync(changed.GetProject(document.Project.Id)!, LockLeakTest.AllAnalyzers.ToImmutableArray());
                Assert.True(after.All(d => d.Id != id), $"{where}: left {string.Join(", ", after.Where(d => d.Id == id))}");

                // The other ids are theirs to fix, in their own turn.
                Assert.Equal(
                    others.Where(d => d.Id != id).Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal),
                    after.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));
            }
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        }
    }
}
