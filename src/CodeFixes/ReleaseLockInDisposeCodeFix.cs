using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// LCK001 and LCK002: releases a managed lock primitive or wrapper the type owns, in the Dispose the type
    /// already has, in an override of its base type's Dispose(bool), or in a Dispose this fix adds.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReleaseLockInDisposeCodeFix)), Shared]
    public sealed class ReleaseLockInDisposeCodeFix : CodeFixProvider
    {
        /// <summary>The equivalence key of the LCK001 fix: make the type disposable and release the primitive.</summary>
        public const string MakeDisposableKey = DiagnosticIds.TypeMustBeDisposable + ".ReleaseInDispose";

        /// <summary>The equivalence key of the LCK002 fix: release the primitive in the type's Dispose.</summary>
        public const string ReleaseInDisposeKey = DiagnosticIds.LockNotReleasedInDispose + ".ReleaseInDispose";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.TypeMustBeDisposable, DiagnosticIds.LockNotReleasedInDispose);

        public override FixAllProvider GetFixAllProvider() => ReleaseLockFixAllProvider.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var solution = context.Document.Project.Solution;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (EquivalenceKeyFor(diagnostic) is not { } key)
                {
                    continue;
                }

                // Planning up front is what keeps the light bulb empty where no compiling edit exists.
                var session = new ReleaseEditSession(solution);
                var title = await ReleasePlanner.PlanAsync(session, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
                if (title is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        async cancellationToken =>
                        {
                            var fresh = new ReleaseEditSession(solution);
                            var planned = await ReleasePlanner.PlanAsync(fresh, ImmutableArray.Create(diagnostic), cancellationToken).ConfigureAwait(false);
                            return planned is null ? solution : await fresh.GetChangedSolutionAsync(cancellationToken).ConfigureAwait(false);
                        },
                        key),
                    diagnostic);
            }
        }

        internal static string? EquivalenceKeyFor(Diagnostic diagnostic) => EquivalenceKeyFor(diagnostic.Id);

        internal static string? EquivalenceKeyFor(string diagnosticId) => diagnosticId switch
        {
            DiagnosticIds.TypeMustBeDisposable => MakeDisposableKey,
            DiagnosticIds.LockNotReleasedInDispose => ReleaseInDisposeKey,
            _ => null,
        };
    }
}
