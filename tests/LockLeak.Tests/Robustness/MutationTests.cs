using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace LockLeak.Tests.Robustness
{
    /// <summary>
    /// Every test input and sample file, intact and damaged in seeded ways (a token removed, the file cut, a brace
    /// dropped), through every analyzer and every offered fix: nothing may throw and no AD0001 may appear.
    /// </summary>
    public class MutationTests
    {
        private readonly ITestOutputHelper output;

        public MutationTests(ITestOutputHelper output) => this.output = output;

        public static IEnumerable<object[]> InputIds() => RobustnessCorpus.All.Select(i => new object[] { i.Id });

        [Fact]
        public void Corpus_CollectsTestInputsAndSample_NotEmpty()
        {
            var ids = RobustnessCorpus.All.Select(i => i.Id).ToList();
            Assert.Contains(ids, id => id.StartsWith("Rules/", StringComparison.Ordinal));
            Assert.Contains(ids, id => id.StartsWith("samples/LeakyStore/", StringComparison.Ordinal));
            Assert.All(RobustnessCorpus.All, i => Assert.DoesNotContain("{|", i.Source, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Harness_AnalyzerThatThrows_FailureReported()
        {
            // The failure channel itself: an analyzer exception must reach the list the tests assert empty.
            var compilation = CSharpCompilation.Create("T",
                new[] { CSharpSyntaxTree.ParseText("class C { }") },
                await RobustnessHarness.ReferencesAsync());
            var failures = new ConcurrentQueue<string>();
            await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()), RobustnessHarness.AnalysisOptions(failures))
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            Assert.Contains(failures, f => f.Contains("ThrowingAnalyzer threw InvalidOperationException", StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(InputIds))]
        public async Task Input_IntactAndMutated_NoAnalyzerOrFixException(string id)
        {
            var input = RobustnessCorpus.All.Single(i => i.Id == id);
            var runs = new List<(string Description, string Source)> { ("intact", input.Source) };
            runs.AddRange(Mutator.Mutants(input));

            var results = await Task.WhenAll(runs.Select(async run => (run.Description, Result: await RobustnessHarness.RunAsync(run.Source))));

            var failures = results.SelectMany(r => r.Result.Failures.Select(f => $"[{id}, {r.Description}] {f}")).ToList();
            output.WriteLine($"{id}: {runs.Count} runs, {results.Sum(r => r.Result.Diagnostics)} LockLeak diagnostics, {results.Sum(r => r.Result.Fixes)} fixes exercised");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }
    }

#pragma warning disable RS1001, RS1036, RS2008 // a test double, never shipped
    internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            "TEST001", "t", "t", "t", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
            ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterSymbolAction(_ => throw new InvalidOperationException("boom"), SymbolKind.NamedType);
        }
    }
#pragma warning restore RS1001, RS1036, RS2008
}
