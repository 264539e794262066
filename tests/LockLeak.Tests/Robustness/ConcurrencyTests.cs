using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace LockLeak.Tests.Robustness
{
    /// <summary>Concurrent analysis of many documents gives exactly the diagnostics of a serial analysis, every time.</summary>
    public class ConcurrencyTests
    {
        private const int ConcurrentRuns = 4;

        private readonly ITestOutputHelper output;

        public ConcurrencyTests(ITestOutputHelper output) => this.output = output;

        [Fact]
        public async Task ManyDocuments_ConcurrentRuns_SameDiagnosticsAsSerial()
        {
            var compilation = await ManyDocuments.CreateAsync();

            var serial = await RunAsync(compilation, concurrent: false);
            Assert.NotEmpty(serial);
            output.WriteLine($"{compilation.SyntaxTrees.Count()} documents, {serial.Count} LockLeak diagnostics");

            for (var run = 0; run < ConcurrentRuns; run++)
            {
                // A fresh compilation each time, so no cache from an earlier run can hide a race.
                var concurrent = await RunAsync(compilation.Clone(), concurrent: true);
                Assert.Equal(serial, concurrent);
            }
        }

        private static async Task<List<string>> RunAsync(Compilation compilation, bool concurrent)
        {
            var failures = new ConcurrentQueue<string>();
            var diagnostics = await compilation.WithAnalyzers(RobustnessHarness.Analyzers, RobustnessHarness.AnalysisOptions(failures, concurrent))
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            Assert.Empty(failures);
            return diagnostics
                .Select(d => $"{d.Location.SourceTree?.FilePath}{d.Location.SourceSpan} {d.Id} {d.GetMessage()} +{string.Join(";", d.AdditionalLocations.Select(l => l.SourceSpan))} {string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))}")
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();
        }
    }
}
