using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.FixAll;
using LockLeak.Tests.Infrastructure;
using LockLeak.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// LCK001/LCK002 and LCK003 on one type are planned together by the one release planner: one Fix All over both
    /// ids writes one Dispose pattern holding both releases, not two Dispose methods.
    /// </summary>
    public class ComposedFixAllTests
    {
        [Fact]
        public async Task ManagedAndNativeLockOnOneType_OneDisposePatternReleasesBoth()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;
                using System.Threading;

                class StoreObject
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);
                    private IntPtr _event;

                    public StoreObject()
                    {
                        _event = CreateEvent(IntPtr.Zero, true, false, null);
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(IntPtr handle);
                }
                """;
            const string Fixed = """
                using System;
                using System.Runtime.InteropServices;
                using System.Threading;

                class StoreObject : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);
                    private IntPtr _event;

                    public StoreObject()
                    {
                        _event = CreateEvent(IntPtr.Zero, true, false, null);
                    }

                    ~StoreObject() => Dispose(false);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _gate.Dispose();
                        }

                        if (_event != IntPtr.Zero)
                        {
                            CloseHandle(_event);
                            _event = IntPtr.Zero;
                        }
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(IntPtr handle);
                }
                """;

            using var workspace = new AdhocWorkspace();
            var document = await RobustnessHarness.SingleDocumentAsync(workspace, Source);
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(RobustnessHarness.Analyzers).GetAnalyzerDiagnosticsAsync();
            Assert.Equal(new[] { "LCK001", "LCK003" }, diagnostics.Select(d => d.Id).OrderBy(i => i, StringComparer.Ordinal));

            var fixedSolution = await ReleaseLockFixAllProvider.FixAsync(document.Project.Solution, diagnostics, CancellationToken.None);
            var fixedDocument = await Microsoft.CodeAnalysis.Formatting.Formatter.FormatAsync(
                await Microsoft.CodeAnalysis.Simplification.Simplifier.ReduceAsync(fixedSolution.GetDocument(document.Id)!, Microsoft.CodeAnalysis.Simplification.Simplifier.Annotation),
                Microsoft.CodeAnalysis.Formatting.Formatter.Annotation);
            var text = (await fixedDocument.GetTextAsync()).ToString();
            Assert.Equal(Fixed.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));

            var after = await (await fixedDocument.Project.GetCompilationAsync())!.WithAnalyzers(RobustnessHarness.Analyzers).GetAnalyzerDiagnosticsAsync();
            Assert.Empty(after);
        }
    }
}
