using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// Plans the release of every lock one owner type leaks (LCK001, LCK002 and LCK003 alike) into one edit: reads from
    /// the contract (<see cref="OwnerDisposal"/>) which row of SPEC's fix table the analyzer put the type in, and hands the
    /// releases to that row's placement. Where the target methods are found before the first edit, a type that cannot be fixed is left untouched.
    /// </summary>
    internal static class ReleasePlanner
    {
        /// <summary>Groups diagnostics by project and owning type, in source order: each group becomes one edit.</summary>
        public static async Task<IReadOnlyList<ImmutableArray<Diagnostic>>> GroupByTypeAsync(ReleaseEditSession session, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var groups = new Dictionary<ProjectId, Dictionary<ISymbol, List<Diagnostic>>>();
            var order = new List<List<Diagnostic>>();
            foreach (var diagnostic in SourceOrder(diagnostics))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await ReleaseRequest.FromAsync(session, diagnostic, cancellationToken).ConfigureAwait(false) is not { } request)
                {
                    continue;
                }

                var project = request.Editor.OriginalDocument.Project.Id;
                if (!groups.TryGetValue(project, out var byType))
                {
                    byType = new Dictionary<ISymbol, List<Diagnostic>>(SymbolEqualityComparer.Default);
                    groups.Add(project, byType);
                }

                if (!byType.TryGetValue(request.Owner, out var list))
                {
                    list = new List<Diagnostic>();
                    byType.Add(request.Owner, list);
                    order.Add(list);
                }

                list.Add(diagnostic);
            }

            return order.Select(l => l.ToImmutableArray()).ToList();
        }

        /// <summary>Records the edits that fix <paramref name="diagnostics"/> (all of one type); returns the action's title, or null when nothing can be fixed.</summary>
        public static async Task<string?> PlanAsync(ReleaseEditSession session, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var requests = new List<ReleaseRequest>();

            // One member may hold a native lock per platform: each is released, under its own check.
            var seen = new HashSet<(string, bool, string?, string?, string?, bool)>();
            foreach (var diagnostic in SourceOrder(await WithPlatformSiblingsAsync(session, diagnostics, cancellationToken).ConfigureAwait(false)))
            {
                if (await ReleaseRequest.FromAsync(session, diagnostic, cancellationToken).ConfigureAwait(false) is { } request
                    && (requests.Count == 0 || SymbolEqualityComparer.Default.Equals(request.Owner, requests[0].Owner))
                    && (request.Fix.IsNative ? request.Fix.NeedsNativeRelease || request.Fix.Free is not null : true)
                    && seen.Add((request.Fix.Member, request.Fix.IsNative, request.Fix.NativeRelease, request.Fix.PlatformCheck, request.Fix.PlatformArgument, request.Fix.PlatformElse)))
                {
                    requests.Add(request);
                }
            }

            if (requests.Count == 0)
            {
                return null;
            }

            var compilation = requests[0].Editor.SemanticModel.Compilation;
            if (OwnerDisposal.For(requests.FirstOrDefault(r => r.Fix.Target is not null) ?? requests[0]) is not { } shape)
            {
                return null;
            }

            // The analyzer may name a configured release method (lockleak.release_methods) of a type without Dispose.
            if (shape.Kind == DisposeShapeKind.Own || shape.Target is not null)
            {
                if (await OwnDisposePlacement.PrepareAsync(session, shape, cancellationToken).ConfigureAwait(false) is not { } own
                    || await ReleaseSet.BuildAsync(session, requests, own.NativeTarget, cancellationToken).ConfigureAwait(false) is not { } set)
                {
                    return null;
                }

                return own.Apply(set) is { } where ? Title(set, "in " + where) : null;
            }

            if (shape.Kind == DisposeShapeKind.BaseNotExtensible || (shape.Kind == DisposeShapeKind.New && shape.NewWouldHide)
                || requests[0].Declaration.ContainsDiagnostics)
            {
                return null;
            }

            if (await ReleaseSet.BuildAsync(session, requests, nativeTarget: null, cancellationToken).ConfigureAwait(false) is not { } created)
            {
                return null;
            }

            if (created.OnlyInPlace)
            {
                return Title(created, created.InPlaceWhere);
            }

            return shape.Kind == DisposeShapeKind.BaseOverride
                ? BaseOverridePlacement.Apply(shape, created) is { } overrideWhere ? Title(created, overrideWhere) : null
                : NewDisposePlacement.Apply(shape, created, compilation);
        }

        /// <summary>
        /// <paramref name="diagnostics"/> with, for each, the diagnostics of the other platforms' locks of the same member
        /// that its contract carries (<see cref="LockFix.PlatformSiblings"/>): a single fix then writes every platform's release.
        /// </summary>
        private static async Task<IEnumerable<Diagnostic>> WithPlatformSiblingsAsync(ReleaseEditSession session, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var all = new List<Diagnostic>(diagnostics);
            foreach (var diagnostic in diagnostics)
            {
                if (LockFix.From(diagnostic) is not { PlatformSiblings.IsDefaultOrEmpty: false } fix || diagnostic.Location.SourceTree is not { } tree
                    || await session.GetEditorAsync(tree, cancellationToken).ConfigureAwait(false) is not { } editor)
                {
                    continue;
                }

                foreach (var (at, properties) in fix.PlatformSiblings)
                {
                    var siblingTree = editor.SemanticModel.Compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == at.Path);
                    if (siblingTree is not null && at.Start + at.Length <= siblingTree.Length)
                    {
                        all.Add(Diagnostic.Create(diagnostic.Descriptor, Location.Create(siblingTree, new TextSpan(at.Start, at.Length)), diagnostic.AdditionalLocations, properties));
                    }
                }
            }

            return all;
        }

        private static IEnumerable<Diagnostic> SourceOrder(IEnumerable<Diagnostic> diagnostics) =>
            diagnostics
                .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start);

        private static string Title(ReleaseSet set, string where) =>
            set.Released.Count == 1
                ? "Release '" + set.Released[0] + "' " + where
                : "Release " + set.Released.Count + " lock primitives " + where;
    }
}
