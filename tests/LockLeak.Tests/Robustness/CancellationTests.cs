using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockLeak.Tests.Robustness
{
    /// <summary>
    /// A cancelled analysis stops and reports the cancellation as OperationCanceledException only: never a result, never
    /// an analyzer exception. The token is cancelled before the run, or from inside the run itself, so that every run of
    /// these tests is a cancelled one (a delay raced against the analysis let a fast run pass without observing anything).
    /// </summary>
    public class CancellationTests
    {
        // Generous for a loaded 2-core CI machine; an analyzer that ignored the token would run the whole analysis.
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        [Fact]
        public async Task Analysis_CancelledBeforeItStarts_ThrowsOperationCanceled()
        {
            var compilation = await ManyDocuments.CreateAsync();
            var failures = new ConcurrentQueue<string>();
            using var cts = new CancellationTokenSource();
            cts.Cancel();

            var analysis = compilation.WithAnalyzers(RobustnessHarness.Analyzers, RobustnessHarness.AnalysisOptions(failures))
                .GetAnalyzerDiagnosticsAsync(cts.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analysis);
            Assert.Empty(failures);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(20)]
        [InlineData(120)]
        public async Task Analysis_CancelledFromInsideTheRun_ThrowsOperationCanceledPromptly(int afterTypes)
        {
            var compilation = await ManyDocuments.CreateAsync();
            var failures = new ConcurrentQueue<string>();
            using var cts = new CancellationTokenSource();
            var cancelledAt = new Stopwatch();
            var canceller = new CancelAfterTypes(afterTypes, () =>
            {
                cancelledAt.Start();
                cts.Cancel();
            });

            var analyzers = RobustnessHarness.Analyzers.Add(canceller);
            var analysis = compilation.WithAnalyzers(analyzers, RobustnessHarness.AnalysisOptions(failures))
                .GetAnalyzerDiagnosticsAsync(cts.Token);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => analysis);
            Assert.True(canceller.Cancelled, "the run ended before the token was cancelled inside it");
            Assert.True(cancelledAt.Elapsed < Prompt, $"the analysis took {cancelledAt.Elapsed} to stop after cancellation");
            Assert.Empty(failures);
        }

        /// <summary>Runs beside LockLeak's analyzers and cancels the run's token when it has seen a number of types start.</summary>
        // A test's own helper analyzer, never shipped or loaded by a compiler: the extended analyzer rules that RS1036 asks
        // the project to enforce are for analyzer assemblies.
#pragma warning disable RS1036
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class CancelAfterTypes : DiagnosticAnalyzer
#pragma warning restore RS1036
        {
            private readonly int count;
            private readonly Action cancel;
            private int seen;

            public CancelAfterTypes(int count, Action cancel)
            {
                this.count = count;
                this.cancel = cancel;
            }

            public bool Cancelled => Volatile.Read(ref seen) >= count;

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
                new DiagnosticDescriptor("TEST0001", "Cancels the run", "Cancels the run", "Test", DiagnosticSeverity.Hidden, isEnabledByDefault: true));

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSymbolAction(
                    _ =>
                    {
                        if (Interlocked.Increment(ref seen) == count)
                        {
                            cancel();
                        }
                    },
                    SymbolKind.NamedType);
            }
        }
    }
}
