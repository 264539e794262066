using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.Placement;
using LockLeak.Rules;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes.FixAll
{
    /// <summary>Registers the release fix of each diagnostic: the same planner for LCK001, LCK002, LCK003 and LCK006.</summary>
    internal static class ReleaseCodeActions
    {
        public static async Task RegisterAsync(CodeFixContext context)
        {
            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (ReleaseFixKeys.For(diagnostic.Id) is not { } key)
                {
                    continue;
                }

                // Planning up front is what keeps the light bulb empty where no compiling edit exists.
                var title = await ReleasePlanner.PlanAsync(new ReleaseEditSession(solution), ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
                if (title is null)
                {
                    continue;
                }

                // Disposing a primitive that holds no OS handle strands any task still parked on it: the title says when it is safe.
                if (diagnostic.Id == DiagnosticIds.HandleFreeLockNeverDisposed)
                {
                    title = AfterLastWaiter(title);
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        async cancellationToken =>
                        {
                            var session = new ReleaseEditSession(solution);
                            var planned = await ReleasePlanner.PlanAsync(session, ImmutableArray.Create(diagnostic), cancellationToken).ConfigureAwait(false);
                            return planned is null ? solution : await session.GetChangedSolutionAsync(cancellationToken).ConfigureAwait(false);
                        },
                        key),
                    diagnostic);
            }
        }

        /// <summary>"Release '_gate' in Dispose()" becomes "Dispose '_gate' in Dispose() (after the last waiter)".</summary>
        private static string AfterLastWaiter(string title) =>
            (title.StartsWith("Release ", StringComparison.Ordinal) ? "Dispose " + title.Substring("Release ".Length) : title.Replace(" release ", " dispose "))
            + " (after the last waiter)";
    }
}
