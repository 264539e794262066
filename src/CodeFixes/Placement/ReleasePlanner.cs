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

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// Plans the release of every lock one owner type leaks (LCK001, LCK002 and LCK003 alike) into one edit: asks
    /// <see cref="DisposeShape"/> which row of SPEC's fix table the type is in and hands the releases to that row's
    /// placement. Where the target methods are found before the first edit, a type that cannot be fixed is left untouched.
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
            var seen = new HashSet<(string, bool)>();
            foreach (var diagnostic in SourceOrder(diagnostics))
            {
                if (await ReleaseRequest.FromAsync(session, diagnostic, cancellationToken).ConfigureAwait(false) is { } request
                    && (requests.Count == 0 || SymbolEqualityComparer.Default.Equals(request.Owner, requests[0].Owner))
                    && (request.Fix.IsNative ? request.Fix.NeedsNativeRelease || request.Fix.Free is not null : true)
                    && seen.Add((request.Fix.Member, request.Fix.IsNative)))
                {
                    requests.Add(request);
                }
            }

            if (requests.Count == 0)
            {
                return null;
            }

            var compilation = requests[0].Editor.SemanticModel.Compilation;
            var shape = DisposeShape.For(requests[0].Owner, compilation);
            var analyzerTarget = await AnalyzerTargetAsync(session, requests, cancellationToken).ConfigureAwait(false);

            // The analyzer may name a configured release method (lockleak.release_methods) of a type without Dispose.
            if (shape.Kind == DisposeShapeKind.Own || analyzerTarget is not null)
            {
                if (await OwnDisposePlacement.PrepareAsync(session, shape, analyzerTarget, cancellationToken).ConfigureAwait(false) is not { } own
                    || await ReleaseSet.BuildAsync(session, shape, requests, own.NativeTarget, cancellationToken).ConfigureAwait(false) is not { } set)
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

            if (await ReleaseSet.BuildAsync(session, shape, requests, nativeTarget: null, cancellationToken).ConfigureAwait(false) is not { } created)
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

        /// <summary>The method the analyzer named as the additional location (the identifier of a Dispose, finalizer or release method).</summary>
        private static async Task<IMethodSymbol?> AnalyzerTargetAsync(ReleaseEditSession session, List<ReleaseRequest> requests, CancellationToken cancellationToken)
        {
            foreach (var request in requests)
            {
                var location = request.Diagnostic.AdditionalLocations.FirstOrDefault(l => l.IsInSource);
                if (location is null || await session.GetEditorAsync(location.SourceTree, cancellationToken).ConfigureAwait(false) is not { } editor
                    || location.SourceSpan.End > editor.OriginalRoot.FullSpan.End)
                {
                    continue;
                }

                var token = editor.OriginalRoot.FindToken(location.SourceSpan.Start);
                if (token.Parent is BaseMethodDeclarationSyntax declaration
                    && editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method)
                {
                    return method;
                }
            }

            return null;
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
