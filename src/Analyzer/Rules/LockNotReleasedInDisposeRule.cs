using System.Collections.Generic;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>
    /// LCK002: a disposable type creates a lock primitive that no path of its Dispose, DisposeAsync or finalizer
    /// releases, or that one of two independent disposal paths forgets (callers use one or the other).
    /// </summary>
    internal sealed class LockNotReleasedInDisposeRule : OwnedLockRule
    {
        public override DiagnosticDescriptor Descriptor => Descriptors.LockNotReleasedInDispose;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            foreach (var (lockInfo, releaseTarget, shape, where) in Unreleased(type, facts))
            {
                // One diagnostic per defect: a primitive that holds no OS handle is LCK006's.
                if (lockInfo.HoldsNoHandle)
                {
                    continue;
                }

                var target = Reporting.IdentifierLocation(releaseTarget);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockNotReleasedInDispose,
                    lockInfo.Creation.Syntax.GetLocation(),
                    target is null ? null : new[] { target },
                    LockFix.For(lockInfo, type).WithPlacement(shape, releaseTarget).ToProperties(),
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Member.Name,
                    lockInfo.Site,
                    where));
            }
        }

        /// <summary>
        /// The managed locks a disposable type's release paths leave unreleased, each with the release path the
        /// diagnostic points at and how the message names it: what LCK002, or LCK006 for the handle-free ones, reports.
        /// </summary>
        public static IEnumerable<(OwnedLock Lock, IMethodSymbol? ReleaseTarget, DisposeShape Shape, string Where)> Unreleased(INamedTypeSymbol type, TypeLockFacts facts)
        {
            if (!facts.IsDisposable && !facts.HasReleaseRoot)
            {
                yield break;
            }

            DisposeShape? shape = null;
            foreach (var lockInfo in facts.Locks)
            {
                if (lockInfo.IsNative || lockInfo.Escaped || Reporting.IsPeerSuppressed(facts, lockInfo, type)
                    || Reporting.IsInHiddenCode(lockInfo.Creation.Syntax))
                {
                    continue;
                }

                // A release on some paths only is LCK005's to report: each defect gets one diagnostic. A disposal path
                // that never reaches the release, beside one that does, is this rule's.
                IMethodSymbol? forgetting = null;
                if (lockInfo.Releases.Count > 0)
                {
                    shape ??= DisposeShape.From(facts.Disposal);
                    forgetting = DisposalPaths.Forgetting(facts.Disposal, lockInfo);
                    if (forgetting is null)
                    {
                        continue;
                    }
                }

                shape ??= DisposeShape.From(facts.Disposal);
                var releaseTarget = forgetting ?? Reporting.ReleaseTarget(shape, facts);
                yield return (lockInfo, releaseTarget, shape,
                    Where(releaseTarget, shape) + (lockInfo.Late == LateRelease.DisposeAfterReset ? ": it disposes it after setting it to null" : string.Empty));
            }
        }

        private static string Where(IMethodSymbol? target, DisposeShape shape)
        {
            if (target is not null)
            {
                return " in " + Reporting.Describe(target);
            }

            // Inherited Dispose only: say so when no override can ever reach the release, since no fix is offered then.
            return shape is { Kind: DisposeShapeKind.BaseNotExtensible, NotExtensible: { } sealedDispose }
                ? $" ('{sealedDispose.ContainingType.Name}.Dispose()' cannot be overridden: release it in a protected virtual method that it calls)"
                : string.Empty;
        }
    }
}
