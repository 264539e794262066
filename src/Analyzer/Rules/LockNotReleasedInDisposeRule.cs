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
            foreach (var (lockInfo, target, where) in Unreleased(type, facts, context.Compilation))
            {
                // One diagnostic per defect: a primitive that holds no OS handle is LCK006's.
                if (lockInfo.HoldsNoHandle)
                {
                    continue;
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockNotReleasedInDispose,
                    lockInfo.Creation.Syntax.GetLocation(),
                    target is null ? null : new[] { target },
                    LockFix.For(lockInfo, type).ToProperties(),
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
        public static IEnumerable<(OwnedLock Lock, Location? Target, string Where)> Unreleased(INamedTypeSymbol type, TypeLockFacts facts, Compilation compilation)
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
                    shape ??= DisposeShape.For(type, compilation);
                    forgetting = DisposalPaths.Forgetting(shape, lockInfo);
                    if (forgetting is null)
                    {
                        continue;
                    }
                }

                shape ??= DisposeShape.For(type, compilation);
                var releaseTarget = forgetting ?? Reporting.ReleaseTarget(shape, facts);
                yield return (lockInfo, Reporting.IdentifierLocation(releaseTarget), Where(releaseTarget, shape));
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
