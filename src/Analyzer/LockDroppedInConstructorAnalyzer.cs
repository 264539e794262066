using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak
{
    /// <summary>LCK004: a constructor creates a lock primitive into a local (or discards it) and neither stores nor releases it.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockDroppedInConstructorAnalyzer : LockLeakAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockDroppedInConstructor);

        private protected override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts, LockCatalog catalog)
        {
            foreach (var dropped in facts.Dropped)
            {
                var location = dropped.Creation.Syntax.GetLocation();
                if (facts.Options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(dropped.Local, null, type, location))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(FixProperties.Member, dropped.Local?.Name);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockDroppedInConstructor,
                    location,
                    properties,
                    type.Name,
                    dropped.Description.StartsWith("a ", System.StringComparison.Ordinal) ? dropped.Description : dropped.Description,
                    dropped.Local is null ? "as a discarded value" : "in a local"));
            }
        }
    }
}
