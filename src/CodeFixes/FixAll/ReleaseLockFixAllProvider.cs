using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.Placement;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes.FixAll
{
    /// <summary>
    /// Fix All for LCK001, LCK002 and LCK003. A batch fixer would merge one edit per diagnostic and drop the ones that
    /// touch the same Dispose (or add a second IDisposable and Dispose), so this one groups the diagnostics by the type
    /// that owns the primitives and makes one edit per type, across every document that edit touches; diagnostics of
    /// several of these ids on one type compose into that one edit.
    /// </summary>
    internal sealed class ReleaseLockFixAllProvider : FixAllProvider
    {
        public static readonly ReleaseLockFixAllProvider Instance = new ReleaseLockFixAllProvider();

        private const string Title = "Release every lock primitive that is never released";

        private ReleaseLockFixAllProvider()
        {
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.Scope is not (FixAllScope.Document or FixAllScope.Project or FixAllScope.Solution))
            {
                return null;
            }

            var diagnostics = await CollectAsync(fixAllContext).ConfigureAwait(false);
            var solution = fixAllContext.Solution;

            // Nothing of the requested ids in scope is an answer, not a refusal: the action changes nothing. dotnet format
            // asks once per loaded fixer instance (one per target framework of a multi-targeted project) with the
            // diagnostics of one analysis, kept by the project objects they were computed on; the instances after the
            // first get the solution the first one fixed, whose projects the provider no longer knows. Null there made
            // it print "didn't return a Fix All action" for work already done.
            return CodeAction.Create(
                Title,
                cancellationToken => diagnostics.IsEmpty ? Task.FromResult(solution) : FixAsync(solution, diagnostics, cancellationToken),
                fixAllContext.CodeActionEquivalenceKey);
        }

        internal static async Task<Solution> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var session = new ReleaseEditSession(solution);
            var groups = await ReleasePlanner.GroupByTypeAsync(session, diagnostics, cancellationToken).ConfigureAwait(false);
            foreach (var group in groups)
            {
                // A type that cannot be fixed leaves the others alone: its plan records no edit.
                await ReleasePlanner.PlanAsync(session, group, cancellationToken).ConfigureAwait(false);
            }

            return await session.GetChangedSolutionAsync(cancellationToken).ConfigureAwait(false);
        }

        private static async Task<ImmutableArray<Diagnostic>> CollectAsync(FixAllContext context)
        {
            var all = await FixAllScopeDiagnostics.CollectAsync(context).ConfigureAwait(false);
            var ids = context.DiagnosticIds.ToImmutableHashSet();

            // dotnet format asks for one id at a time but takes the key from the fix of the first diagnostic the
            // analyzer reported, whatever its id. A key that belongs to none of the requested ids says nothing
            // about which of them to fix, so it selects nothing away.
            var wanted = context.CodeActionEquivalenceKey;
            if (wanted is not null && !ids.Any(id => ReleaseFixKeys.For(id) == wanted))
            {
                wanted = null;
            }

            return all
                .Where(d => d.Location.IsInSource && ids.Contains(d.Id)
                    && ReleaseFixKeys.For(d.Id) is { } key
                    && (wanted is null || key == wanted))
                .ToImmutableArray();
        }
    }
}
