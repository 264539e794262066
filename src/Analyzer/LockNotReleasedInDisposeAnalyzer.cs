using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak
{
    /// <summary>LCK002: a disposable type creates a lock primitive that no path of its Dispose, DisposeAsync or finalizer releases.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockNotReleasedInDisposeAnalyzer : LockLeakAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockNotReleasedInDispose);

        private protected override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts, LockCatalog catalog)
        {
            if (!facts.IsDisposable && !facts.HasReleaseRoot)
            {
                return;
            }

            foreach (var lockInfo in facts.Locks)
            {
                // A release on some paths only is LCK005's to report: each defect gets one diagnostic.
                if (lockInfo.IsNative || lockInfo.Escaped || lockInfo.Releases.Count > 0 || Reporting.IsPeerSuppressed(facts, lockInfo, type))
                {
                    continue;
                }

                var target = Reporting.ReleaseTargetLocation(facts);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockNotReleasedInDispose,
                    lockInfo.Creation.Syntax.GetLocation(),
                    target is null ? null : new[] { target },
                    FixProperties.For(lockInfo),
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Member.Name,
                    lockInfo.Site,
                    facts.ReleaseTarget is { } method ? " in " + Reporting.Describe(method) : string.Empty));
            }
        }
    }
}
