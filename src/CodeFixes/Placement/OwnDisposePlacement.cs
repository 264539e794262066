using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.ManagedRelease;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// The owner declares its own disposal (SPEC's rows for Dispose(), Dispose(bool), DisposeAsync only, a finalizer
    /// only): the methods each kind of release goes into, decided before the first edit.
    /// </summary>
    internal sealed class OwnDisposePlacement
    {
        private readonly List<EditableMethod> managed = new List<EditableMethod>();
        private readonly List<EditableMethod> native = new List<EditableMethod>();
        private EditableMethod? asyncTarget;

        /// <summary>DisposeAsync is the only path: native releases need a finalizer too, which the fix adds when missing.</summary>
        private EditableMethod? finalizerFor;

        private bool suppressesFinalize;

        /// <summary>DisposeAsync when it is the only path: it suppresses the finalizer that releases too.</summary>
        private EditableMethod? asyncOnly;

        private OwnDisposePlacement()
        {
        }

        /// <summary>The first method native releases go into.</summary>
        public IMethodSymbol NativeTarget => native[0].Symbol;

        public static async Task<OwnDisposePlacement?> PrepareAsync(ReleaseEditSession session, OwnerDisposal shape, CancellationToken cancellationToken)
        {
            var placement = new OwnDisposePlacement();

            // The analyzer's target is already the path that does the work where one path runs the other (Dispose running
            // DisposeAsync to completion): only that one gets the release.
            var primary = await EditableMethod.FromAsync(session, shape.Target ?? shape.Sync ?? shape.Async ?? shape.Finalizer, cancellationToken).ConfigureAwait(false);
            if (primary is null)
            {
                return null;
            }

            // Both paths must release when neither runs the other (the contract's ReleasePaths).
            var both = shape.ReleasePaths.Count > 1 && !SymbolEqualityComparer.Default.Equals(primary.Symbol, shape.Async)
                ? await EditableMethod.FromAsync(session, shape.Async, cancellationToken).ConfigureAwait(false)
                : null;

            // A finalizer is no place to dispose managed objects; ReleaseHandle holds native state only.
            if (!primary.IsFinalizer && primary.Symbol.Name != "ReleaseHandle")
            {
                placement.managed.Add(primary);
            }

            placement.native.Add(primary);
            if (both is not null)
            {
                placement.managed.Add(both);
                placement.native.Add(both);
            }

            // An async-only wrapper is awaited: in the type's async DisposeAsync when the primary target cannot await.
            placement.asyncTarget = placement.managed.FirstOrDefault(m => m.Symbol.IsAsync)
                ?? (shape.Async is { IsAsync: true } ? await EditableMethod.FromAsync(session, shape.Async, cancellationToken).ConfigureAwait(false) : null);

            // A struct has no finalizer: its DisposeAsync is the only place.
            if (shape.Sync is null && !shape.IsStruct && SymbolEqualityComparer.Default.Equals(primary.Symbol, shape.Async))
            {
                placement.finalizerFor = primary;
                placement.asyncOnly = primary;
                placement.suppressesFinalize = SuppressesFinalize(primary.Symbol, primary.Editor.SemanticModel.Compilation);
                if (await EditableMethod.FromAsync(session, shape.Finalizer, cancellationToken).ConfigureAwait(false) is { } finalizer)
                {
                    placement.native.Add(finalizer);
                    placement.finalizerFor = null;
                }
            }

            return placement;
        }

        /// <summary>Records the edits; returns where the releases went, for the title, or null when nothing was placed.</summary>
        public string? Apply(ReleaseSet set)
        {
            var edits = new Dictionary<EditableMethod, (List<StatementSyntax> WhenDisposing, List<StatementSyntax> Always)>();
            (List<StatementSyntax> WhenDisposing, List<StatementSyntax> Always) EditOf(EditableMethod method)
            {
                if (!edits.TryGetValue(method, out var edit))
                {
                    edit = (new List<StatementSyntax>(), new List<StatementSyntax>());
                    edits.Add(method, edit);
                }

                return edit;
            }

            var placed = new HashSet<(EditableMethod, string)>();
            foreach (var method in managed)
            {
                var names = NameScope.For(set.Owner, method.Declaration);
                var newLine = DocumentLayout.NewLineOf(method.Declaration);
                foreach (var request in set.Managed)
                {
                    // An async-only wrapper redirected from the synchronous path may already be awaited in the async one.
                    var target = request.Fix.ReleasesAsync && !method.Symbol.IsAsync ? asyncTarget : method;
                    if (target is not null && placed.Add((target, request.Member.Name))
                        && ManagedReleaseStatements.Release(request, target.Symbol.IsAsync, names, newLine) is { } statement)
                    {
                        EditOf(target).WhenDisposing.Add(statement);
                    }
                }

                if (set.ManagedTeardown.Count > 0)
                {
                    EditOf(method).WhenDisposing.AddRange(set.ManagedTeardown);
                }
            }

            if (set.HasNative)
            {
                foreach (var method in native)
                {
                    EditOf(method);
                }
            }

            if (edits.All(e => e.Value.WhenDisposing.Count == 0) && !set.HasNative)
            {
                return set.CompletedInPlace.Count > 0 ? set.InPlaceWhere.Substring("in ".Length) : null;
            }

            foreach (var pair in edits)
            {
                var method = pair.Key;
                var (whenDisposing, always) = pair.Value;
                var isNativeTarget = set.HasNative && native.Contains(method);
                var suppress = method == asyncOnly && set.HasNative && !suppressesFinalize;
                method.Editor.ReplaceNode(method.Declaration, (current, _) =>
                {
                    var declaration = (BaseMethodDeclarationSyntax)current;
                    var flaggedPlaced = false;
                    if (isNativeTarget && set.Flagged.Count > 0
                        && DisposeBody.WithBlockBody(declaration, method.ReturnsValue) is { Body: { } body } blockBodied
                        && set.Flag!.InsertWhereGuarded(body, set.Unsafe(set.Flagged, method.Declaration)) is { } guarded)
                    {
                        declaration = blockBodied.WithBody(guarded);
                        flaggedPlaced = true;
                    }

                    var nativeStatements = isNativeTarget ? set.NativeStatements(method.Declaration, flaggedPlaced).ToList() : new List<StatementSyntax>();
                    if (suppress)
                    {
                        // The finalizer this fix adds releases too: a disposed instance must not release a second time.
                        nativeStatements.Add(SuppressFinalize(method));
                    }

                    return DisposeBody.Insert(declaration, whenDisposing, nativeStatements, method.Disposing, method.ReturnsValue);
                });
            }

            if (finalizerFor is not null && set.HasNative)
            {
                AddFinalizer(set, finalizerFor);
            }

            set.DeclareFlag();
            return string.Join(" and ", edits.Where(e => e.Value.WhenDisposing.Count > 0 || isNative(e.Key)).Select(e => e.Key.Describe()).Concat(set.CompletedInPlace).Distinct());

            bool isNative(EditableMethod method) => set.HasNative && native.Contains(method);
        }

        /// <summary>`GC.SuppressFinalize(this);`, with `using System;` added where GC does not bind yet.</summary>
        private static StatementSyntax SuppressFinalize(EditableMethod method)
        {
            var generator = method.Editor.Generator;
            var gc = method.Editor.SemanticModel.Compilation.GetTypeByMetadataName("System.GC")!;
            var call = generator.InvocationExpression(
                generator.MemberAccessExpression(generator.TypeExpression(gc).WithAdditionalAnnotations(ReleaseEditSession.ImportsAnnotation), "SuppressFinalize"),
                generator.ThisExpression());
            return ((StatementSyntax)generator.ExpressionStatement(call))
                .WithLeadingTrivia(ElasticMarker).WithTrailingTrivia(ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>A type released only by DisposeAsync also needs its finalizer to release, for callers that never await it.</summary>
        private static void AddFinalizer(ReleaseSet set, EditableMethod disposeAsync)
        {
            var typeDeclaration = disposeAsync.Declaration.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
            var created = DestructorDeclaration(typeDeclaration.Identifier.WithoutTrivia())
                .WithBody(Block(set.NativeStatements(typeDeclaration)))
                .WithLeadingTrivia(ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            disposeAsync.Editor.InsertBefore(disposeAsync.Declaration, created);
        }

        /// <summary>
        /// Whether the async path (<paramref name="asyncPath"/>, the model's DisposeAsyncCore else DisposeAsync) or the
        /// type's implementation of IAsyncDisposable.DisposeAsync that runs it already calls GC.SuppressFinalize.
        /// </summary>
        private static bool SuppressesFinalize(IMethodSymbol asyncPath, Compilation compilation)
        {
            var methods = new List<ISymbol> { asyncPath };
            if (compilation.GetTypeByMetadataName("System.IAsyncDisposable")?.GetMembers("DisposeAsync").FirstOrDefault() is { } contract
                && asyncPath.ContainingType.FindImplementationForInterfaceMember(contract) is { } implementation)
            {
                methods.Add(implementation);
            }

            return methods.SelectMany(m => m.DeclaringSyntaxReferences)
                .Any(r => r.GetSyntax().DescendantNodes().OfType<MemberAccessExpressionSyntax>().Any(DisposeBody.IsSuppressFinalize));
        }
    }
}
