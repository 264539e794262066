using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockLeak.Tests.Robustness
{
    /// <summary>A cancelled analysis stops promptly and reports the cancellation as OperationCanceledException only.</summary>
    public class CancellationTests
    {
        // Generous for a loaded 2-core CI machine; an analyzer that ignored the token would run the whole analysis.
        private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

        [Theory]
        [InlineData(0)]
        [InlineData(10)]
        [InlineData(50)]
        [InlineData(200)]
        public async Task Analysis_CancelledAfterDelay_StopsPromptlyWithOperationCanceled(int delayMs)
        {
            var compilation = await ManyDocuments.CreateAsync();
            var failures = new ConcurrentQueue<string>();
            using var cts = new CancellationTokenSource();
            if (delayMs == 0)
            {
                cts.Cancel();
            }

            var analysis = compilation.WithAnalyzers(RobustnessHarness.Analyzers, RobustnessHarness.AnalysisOptions(failures))
                .GetAnalyzerDiagnosticsAsync(cts.Token);
            if (delayMs > 0)
            {
                await Task.Delay(delayMs);
                cts.Cancel();
            }

            var cancelledAt = Stopwatch.StartNew();
            Exception? thrown = null;
            try
            {
                await analysis;
            }
            catch (Exception ex)
            {
                thrown = ex;
            }

            var stopped = cancelledAt.Elapsed;
            Assert.Empty(failures);
            if (thrown is null)
            {
                // Only possible when the analysis finished before the token was cancelled.
                Assert.True(delayMs > 0, "an analysis cancelled before it started returned a result");
                return;
            }

            Assert.IsAssignableFrom<OperationCanceledException>(thrown);
            Assert.True(stopped < Prompt, $"the analysis took {stopped} to stop after cancellation");
        }
    }
}
