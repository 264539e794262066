using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Bench
{
    /// <summary>
    /// Analyzers that do nothing but register the shape of LockLeak's registration: they measure the floor a
    /// registration costs (driver callbacks, IOperation trees) apart from what the callbacks do.
    /// </summary>
    internal static class Probes
    {
        public static AnalyzerSet OperationBlocks() => new AnalyzerSet("probe: op blocks", ImmutableArray.Create<DiagnosticAnalyzer>(new Probe(operations: false)), ImmutableHashSet<string>.Empty);

        public static AnalyzerSet OperationBlocksAndCreations() => new AnalyzerSet("probe: op blocks+creations", ImmutableArray.Create<DiagnosticAnalyzer>(new Probe(operations: true)), ImmutableHashSet<string>.Empty);

        /// <summary>Four analyzers whose symbol-start action returns at once: LockLeak's floor for a type its gate skips.</summary>
        public static AnalyzerSet FourEmptySymbolStarts() => new AnalyzerSet("probe: 4 x empty symbol start", ImmutableArray.Create<DiagnosticAnalyzer>(new Probe(false, empty: true), new Probe(false, empty: true), new Probe(false, empty: true), new Probe(false, empty: true)), ImmutableHashSet<string>.Empty);

        /// <summary>One such analyzer: with <see cref="FourEmptySymbolStarts"/>, what each symbol-start analyzer costs the driver.</summary>
        public static AnalyzerSet OneEmptySymbolStart() => new AnalyzerSet("probe: 1 x empty symbol start", ImmutableArray.Create<DiagnosticAnalyzer>(new Probe(false, empty: true)), ImmutableHashSet<string>.Empty);

        public static AnalyzerSet FiveTimes() => new AnalyzerSet("probe: 5 x op blocks+creations", ImmutableArray.Create<DiagnosticAnalyzer>(new Probe(true), new Probe(true), new Probe(true), new Probe(true), new Probe(true)), ImmutableHashSet<string>.Empty);

#pragma warning disable RS1001, RS2008
        private sealed class Probe : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
                "BENCH001", "Nothing", "Nothing", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

            private readonly bool operations;
            private readonly bool empty;

            public Probe(bool operations, bool empty = false)
            {
                this.operations = operations;
                this.empty = empty;
            }

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSymbolStartAction(
                    start =>
                    {
                        if (empty)
                        {
                            return;
                        }

                        if (operations)
                        {
                            start.RegisterOperationAction(_ => { }, OperationKind.ObjectCreation, OperationKind.Invocation);
                        }

                        start.RegisterOperationBlockAction(_ => { });
                        start.RegisterSymbolEndAction(_ => { });
                    },
                    SymbolKind.NamedType);
            }
        }
#pragma warning restore RS1001, RS2008
    }
}
