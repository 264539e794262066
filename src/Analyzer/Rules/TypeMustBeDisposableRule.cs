using System.Collections.Generic;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>LCK001: a type creates a lock primitive but has no Dispose, DisposeAsync or finalizer at all.</summary>
    internal sealed class TypeMustBeDisposableRule : OwnedLockRule
    {
        public override DiagnosticDescriptor Descriptor => Descriptors.TypeMustBeDisposable;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            foreach (var lockInfo in Undisposed(type, facts))
            {
                // One diagnostic per defect: a primitive that holds no OS handle is LCK006's.
                if (lockInfo.HoldsNoHandle)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.TypeMustBeDisposable,
                    lockInfo.Creation.Syntax.GetLocation(),
                    LockFix.For(lockInfo, type).WithPlacement(DisposeShape.From(facts.Disposal), null).ToProperties(),
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Member.Name,
                    lockInfo.Site));
            }
        }

        /// <summary>The managed locks of a type with no disposal path at all: what LCK001, or LCK006 for the handle-free ones, reports.</summary>
        public static IEnumerable<OwnedLock> Undisposed(INamedTypeSymbol type, TypeLockFacts facts)
        {
            if (facts.IsDisposable || facts.HasReleaseRoot)
            {
                yield break;
            }

            foreach (var lockInfo in facts.Locks)
            {
                if (lockInfo.IsNative || lockInfo.Escaped || lockInfo.Releases.Count > 0 || Reporting.IsPeerSuppressed(facts, lockInfo, type)
                    || Reporting.IsInHiddenCode(lockInfo.Creation.Syntax))
                {
                    continue;
                }

                yield return lockInfo;
            }
        }
    }
}
