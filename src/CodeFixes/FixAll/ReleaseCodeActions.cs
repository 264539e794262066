using System.Collections.Immutable;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.Placement;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes.FixAll
{
    /// <summary>Registers the release fix of each diagnostic: the same planner for LCK001, LCK002 and LCK003.</summary>
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
    }
}
