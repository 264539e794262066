using System.Collections.Generic;
using System.Collections.Immutable;
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
                if (lockInfo.Escaped || lockInfo.Releases.Count == 0 || lockInfo.Releases.Any(r => Unanswered(r.Condition, lockInfo.Releases) is null)
                    || Reporting.IsPeerSuppressed(facts, lockInfo, type))
                {
                    continue;
                }

                // The release an early return skips, when there is one: the fix adds it on that return's path.
                var release = lockInfo.Releases.FirstOrDefault(r => Unanswered(r.Condition, lockInfo.Releases)!.EarlyExit) ?? lockInfo.Releases[0];
                var operation = release.Operation;
                if (operation.Parent is IConditionalAccessOperation access && ReferenceEquals(access.WhenNotNull, operation))
                {
                    operation = access;
                }

                if (Reporting.IsInHiddenCode(operation.Syntax))
                {
                    continue;
                }

                var condition = Unanswered(release.Condition, lockInfo.Releases)!;
                var fix = LockFix.For(lockInfo, type).WithPlacement(DisposeShape.From(facts.Disposal), release.Root);
                fix.EarlyExit = condition.EarlyExit;
                fix.EarlyReturns = EarlyReturns(condition, lockInfo.Releases);
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

        /// <summary>
        /// The first condition of <paramref name="condition"/>'s chain that can still skip the release: an early return that
        /// releases the same lock before it leaves (SPEC: the fix adds the release on that return's path) skips nothing.
        /// Null when none is left, so the release runs on every path.
        /// </summary>
        private static ReleaseCondition? Unanswered(ReleaseCondition? condition, IReadOnlyList<ReleaseSite> releases)
        {
            for (var link = condition; link is not null; link = link.Next)
            {
                if (!link.EarlyExit || link.Exit is null || !Answered(link.Exit, releases))
                {
                    return link;
                }
            }

            return null;
        }

        /// <summary>The returns the fix adds the release before: every unanswered early exit up to the first condition around the release.</summary>
        private static ImmutableArray<CodeSpot> EarlyReturns(ReleaseCondition condition, IReadOnlyList<ReleaseSite> releases)
        {
            var spots = ImmutableArray.CreateBuilder<CodeSpot>();
            for (var link = condition; link is { EarlyExit: true, Exit: { } exit }; link = link.Next)
            {
                if (!Answered(exit, releases))
                {
                    spots.Add(CodeSpot.Of(exit.Syntax));
                }
            }

            return spots.ToImmutable();
        }

        /// <summary>
        /// A release of the lock runs on <paramref name="exit"/>'s way out: it comes before the exit, in the same branch of
        /// the only condition that can skip it, and that condition holds the exit.
        /// </summary>
        private static bool Answered(IOperation exit, IReadOnlyList<ReleaseSite> releases)
        {
            foreach (var release in releases)
            {
                if (release.Condition is not { EarlyExit: false, Statement: var statement }
                    || statement.Syntax.SyntaxTree != exit.Syntax.SyntaxTree || release.Operation.Syntax.SyntaxTree != exit.Syntax.SyntaxTree
                    || release.Operation.Syntax.SpanStart >= exit.Syntax.SpanStart)
                {
                    continue;
                }

                var branch = statement.ChildOperations.FirstOrDefault(c => c.Syntax.Span.Contains(exit.Syntax.Span));
                if (branch is not null && branch.Syntax.Span.Contains(release.Operation.Syntax.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
