using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak
{
    /// <summary>LCK001: a type creates a lock primitive but has no Dispose, DisposeAsync or finalizer at all.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TypeMustBeDisposableAnalyzer : LockLeakAnalyzerBase
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TypeMustBeDisposable);

        private protected override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts, LockCatalog catalog)
        {
            if (facts.IsDisposable || facts.HasReleaseRoot)
            {
                return;
            }

            foreach (var lockInfo in facts.Locks)
            {
                if (lockInfo.IsNative || lockInfo.Escaped || lockInfo.Releases.Count > 0 || Reporting.IsPeerSuppressed(facts, lockInfo, type)
                    || Reporting.IsInHiddenCode(lockInfo.Creation.Syntax))
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.TypeMustBeDisposable,
                    lockInfo.Creation.Syntax.GetLocation(),
                    FixProperties.For(lockInfo),
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Member.Name,
                    lockInfo.Site));
            }
        }
    }
}
