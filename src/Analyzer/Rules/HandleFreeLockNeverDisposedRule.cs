using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>
    /// LCK006: where LCK001 or LCK002 would report a primitive that holds no OS handle (a slim primitive whose wait
    /// handle nobody reaches, or a wrapper of only such), this suggestion reports it instead, with the same fix
    /// contract: its Dispose frees nothing, and disposing it under a parked waiter strands that waiter.
    /// </summary>
    internal sealed class HandleFreeLockNeverDisposedRule : OwnedLockRule
    {
        public override DiagnosticDescriptor Descriptor => Descriptors.HandleFreeLockNeverDisposed;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            if (!AnyHandleFree(facts))
            {
                return;
            }

            foreach (var lockInfo in TypeMustBeDisposableRule.Undisposed(type, facts))
            {
                if (lockInfo.HoldsNoHandle)
                {
                    ReportOne(context, type, lockInfo, LockFix.For(lockInfo, type).WithPlacement(DisposeShape.From(facts.Disposal), null), target: null, where: string.Empty);
                }
            }

            foreach (var (lockInfo, releaseTarget, shape, where) in LockNotReleasedInDisposeRule.Unreleased(type, facts))
            {
                if (lockInfo.HoldsNoHandle)
                {
                    ReportOne(context, type, lockInfo, LockFix.For(lockInfo, type).WithPlacement(shape, releaseTarget), Reporting.IdentifierLocation(releaseTarget), where);
                }
            }
        }

        private static bool AnyHandleFree(TypeLockFacts facts)
        {
            foreach (var lockInfo in facts.Locks)
            {
                if (lockInfo.HoldsNoHandle)
                {
                    return true;
                }
            }

            return false;
        }

        private static void ReportOne(SymbolAnalysisContext context, INamedTypeSymbol type, OwnedLock lockInfo, LockFix fix, Location? target, string where) =>
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.HandleFreeLockNeverDisposed,
                lockInfo.Creation.Syntax.GetLocation(),
                target is null ? null : new[] { target },
                fix.ToProperties(),
                type.Name,
                lockInfo.PrimitiveName,
                lockInfo.Member.Name,
                lockInfo.Site,
                where));
    }
}
