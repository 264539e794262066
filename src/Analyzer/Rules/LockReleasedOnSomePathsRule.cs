using System.Linq;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.Rules
{
    /// <summary>LCK005: every release of a lock primitive sits under a condition that is not a guard idiom, or after an early return.</summary>
    internal sealed class LockReleasedOnSomePathsRule : OwnedLockRule
    {
        public override DiagnosticDescriptor Descriptor => Descriptors.LockReleasedOnSomePaths;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            foreach (var lockInfo in facts.Locks)
            {
                if (lockInfo.Escaped || lockInfo.Releases.Count == 0 || lockInfo.Releases.Any(r => r.Condition is null)
                    || Reporting.IsPeerSuppressed(facts, lockInfo, type))
                {
                    continue;
                }

                var release = lockInfo.Releases[0];
                var operation = release.Operation;
                if (operation.Parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, operation))
                {
                    operation = access;
                }

                if (Reporting.IsInHiddenCode(operation.Syntax))
                {
                    continue;
                }

                var condition = release.Condition!;
                var fix = LockFix.For(lockInfo, type).WithPlacement(DisposeShape.From(facts.Disposal), release.Root);
                fix.EarlyExit = condition.EarlyExit;
                var properties = fix.ToProperties();
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockReleasedOnSomePaths,
                    operation.Syntax.GetLocation(),
                    new[] { condition.Statement.Syntax.GetLocation() },
                    properties,
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Name,
                    Reporting.Describe(release.Root),
                    condition.Text));
            }
        }
    }
}
