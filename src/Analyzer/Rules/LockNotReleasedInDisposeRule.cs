using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak
{
    /// <summary>LCK002: a disposable type creates a lock primitive that no path of its Dispose, DisposeAsync or finalizer releases.</summary>
    internal sealed class LockNotReleasedInDisposeRule : OwnedLockRule
    {
        public override DiagnosticDescriptor Descriptor => Descriptors.LockNotReleasedInDispose;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            if (!facts.IsDisposable && !facts.HasReleaseRoot)
            {
                return;
            }

            foreach (var lockInfo in facts.Locks)
            {
                // A release on some paths only is LCK005's to report: each defect gets one diagnostic.
                if (lockInfo.IsNative || lockInfo.Escaped || lockInfo.Releases.Count > 0 || Reporting.IsPeerSuppressed(facts, lockInfo, type)
                    || Reporting.IsInHiddenCode(lockInfo.Creation.Syntax))
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
                    Where(type, facts)));
            }
        }

        private static string Where(INamedTypeSymbol type, TypeLockFacts facts)
        {
            if (facts.ReleaseTarget is { } method)
            {
                return " in " + Reporting.Describe(method);
            }

            // Inherited Dispose only: say so when no override can ever reach the release, since no fix is offered then.
            return NonExtendableBaseDispose(type) is { } sealedDispose
                ? $" ('{sealedDispose.ContainingType.Name}.Dispose()' cannot be overridden: release it in a protected virtual method that it calls)"
                : string.Empty;
        }

        private static IMethodSymbol? NonExtendableBaseDispose(INamedTypeSymbol type)
        {
            IMethodSymbol? dispose = null;
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers("Dispose"))
                {
                    if (member is not IMethodSymbol { IsStatic: false } candidate)
                    {
                        continue;
                    }

                    var overridable = (candidate.IsVirtual || candidate.IsAbstract || candidate.IsOverride) && !candidate.IsSealed
                        && candidate.DeclaredAccessibility is not Accessibility.Private;
                    if (candidate.Parameters.Length == 1 && candidate.Parameters[0].Type.SpecialType == SpecialType.System_Boolean && overridable)
                    {
                        return null;
                    }

                    if (candidate.Parameters.Length == 0 && dispose is null)
                    {
                        if (overridable)
                        {
                            return null;
                        }

                        dispose = candidate;
                    }
                }
            }

            return dispose;
        }
    }
}
