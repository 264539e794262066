using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.NativeRelease;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// SPEC, code fixes: the fix completes the type's own teardown in place. Where a disposal path already frees the
    /// lock's memory, the missing delete goes immediately before that free (in the same guard, block, `finally` or
    /// `lock`); where it already deletes, the missing free goes right after the delete (so before the reset); where
    /// it only resets the storage, the release goes before the reset; a value taken out by `Interlocked.Exchange` is
    /// released where the code frees it; a helper several paths call is edited once, in the helper.
    /// </summary>
    /// <remarks>
    /// Where the paths free, delete and reset is the analyzer's finding, read from <see cref="LockFix.ExistingFrees"/>,
    /// <see cref="LockFix.ExistingDeletes"/> and <see cref="LockFix.ExistingResets"/>, each with the name the path reaches
    /// the lock through there and what keeps a second run from it (<see cref="TeardownGuard"/>); this only writes beside
    /// those statements.
    /// </remarks>
    internal static class ExistingTeardown
    {
        /// <summary>
        /// Records the edits that complete the existing teardown of <paramref name="request"/>'s lock; returns the
        /// methods edited, or null when the type has no teardown of this lock to complete (the caller places the
        /// release as before), or when one of its anchors cannot take a statement beside it.
        /// </summary>
        public static IReadOnlyList<string>? TryPlace(ReleaseRequest request, NativeReleaseStatements native, CancellationToken cancellationToken)
        {
            var fix = request.Fix;
            var needsDelete = fix.NeedsNativeRelease && native.Delete is not null;
            var needsFree = fix.Free is not null && native.Free is not null;
            if (!needsDelete && !needsFree)
            {
                return null;
            }

            // A late delete moves: it is removed where it is and written where a missing one would go. One that is no
            // statement of its own cannot be removed, and keeping it beside a new delete would destroy the lock twice.
            List<StatementSyntax>? late = null;
            if (IsLate(fix) && (!needsDelete || (late = LateStatements(request)) is null))
            {
                return null;
            }

            var model = request.Editor.SemanticModel;
            var frees = Statements(fix.ExistingFrees, request);
            var deletes = Statements(fix.ExistingDeletes, request);
            var resets = Statements(fix.ExistingResets, request);

            var edits = new List<(StatementSyntax Anchor, bool After, IReadOnlyList<StatementSyntax> Statements, BaseMethodDeclarationSyntax Method)>();
            if (needsDelete && frees.Count > 0)
            {
                edits.AddRange(frees.Select(f => (f.Statement, false, Bare(native.Delete!, request, f.Name, native, f.Statement), f.Method)));
            }
            else if (needsFree && !needsDelete && deletes.Count > 0)
            {
                foreach (var (delete, name, guard, method) in deletes)
                {
                    // A native release is never written outside a guard: after an unguarded delete the free comes with its own.
                    if (guard != TeardownGuard.None)
                    {
                        edits.Add((delete, true, Bare(native.Free!, request, name, native, delete), method));
                    }
                    else if (!native.NeedsFlag && name == request.Member.Name)
                    {
                        edits.Add((delete, true, Unsafe(native.Statements, native, delete), method));
                    }
                    else
                    {
                        return null;
                    }
                }
            }
            else if (needsDelete && (needsFree || late is not null) && frees.Count == 0 && deletes.Count == 0 && resets.Count > 0)
            {
                // A reset already under the storage's own check needs no second check; elsewhere the guarded release goes first.
                foreach (var (reset, _, guard, method) in resets)
                {
                    var bare = needsFree
                        ? Bare(native.Delete!, request, request.Member.Name, native, reset).Concat(Bare(native.Free!, request, request.Member.Name, native, reset)).ToList()
                        : Bare(native.Delete!, request, request.Member.Name, native, reset);
                    var statements = guard == TeardownGuard.StorageCheck ? bare : Unsafe(native.Statements, native, reset);
                    edits.Add((reset, false, statements, method));
                }
            }

            if (edits.Count == 0 || edits.Any(e => e.Anchor.Parent is not BlockSyntax))
            {
                return null;
            }

            var methods = edits.Select(e => e.Method).ToList();
            foreach (var statement in late ?? Enumerable.Empty<StatementSyntax>())
            {
                request.Editor.RemoveNode(statement);
                methods.Add(statement.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>()!);
            }

            foreach (var (anchor, after, statements, _) in edits)
            {
                if (after)
                {
                    request.Editor.InsertAfter(anchor, statements);
                }
                else
                {
                    request.Editor.InsertBefore(anchor, statements);
                }
            }

            return Described(methods, model, cancellationToken);
        }

        /// <summary>
        /// SPEC: a release counts only while the lock is still there. The contract says the path already makes the release,
        /// too late (a delete after the free or the reset, a Dispose after `= null`): the fix moves it, or offers none.
        /// </summary>
        public static bool IsLate(LockFix fix) => fix.IsNative
            ? fix.NeedsNativeRelease && fix.Late is LateRelease.DeleteAfterFree or LateRelease.DeleteAfterReset or LateRelease.FreeBeforeDelete
            : fix.Late == LateRelease.DisposeAfterReset;

        /// <summary>
        /// Moves a managed Dispose the path makes after setting the member to null to right before that reset; returns the
        /// methods edited, or null when either is no statement of its own in a block (no fix is then offered).
        /// </summary>
        public static IReadOnlyList<string>? TryMoveManaged(ReleaseRequest request, CancellationToken cancellationToken)
        {
            // The contract names the reset of the first late Dispose only: with more than one, no fix rather than a guess.
            if (request.Fix.LateReleases.Length > 1
                || Standalone(request.Fix.LateAt, request) is not { } late
                || Standalone(request.Fix.LateResetAt, request) is not { } reset
                || late.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is not { } from
                || reset.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is not { } to)
            {
                return null;
            }

            // The comment above the Dispose moves with it; the blank lines around it stay where they were.
            var indent = reset.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var comment = late.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
            request.Editor.RemoveNode(late);
            request.Editor.InsertBefore(reset, late.WithLeadingTrivia(indent.Concat(comment)).WithAdditionalAnnotations(Formatter.Annotation));
            return Described(new[] { to, from }, request.Editor.SemanticModel, cancellationToken);
        }

        /// <summary>Every late release of the contract as a statement it can remove; null when one is not (no fix then).</summary>
        private static List<StatementSyntax>? LateStatements(ReleaseRequest request)
        {
            var spots = request.Fix.LateReleases.IsDefaultOrEmpty
                ? (request.Fix.LateAt is { } at ? new[] { at } : Array.Empty<CodeSpot>())
                : request.Fix.LateReleases.Select(l => l.Spot).ToArray();
            var statements = new List<StatementSyntax>();
            foreach (var spot in spots)
            {
                if (Standalone(spot, request) is not { } statement)
                {
                    return null;
                }

                statements.Add(statement);
            }

            return statements.Count == 0 ? null : statements;
        }

        private static IReadOnlyList<string> Described(IEnumerable<BaseMethodDeclarationSyntax> methods, SemanticModel model, CancellationToken cancellationToken) =>
            methods.Select(m => model.GetDeclaredSymbol(m, cancellationToken) is IMethodSymbol symbol ? Describe(symbol) : "the teardown").Distinct().ToList();

        /// <summary>
        /// The statement in a block that <paramref name="spot"/> is the whole of (through `?.` and `await`); null when it is
        /// part of a larger expression, sits where removing it would leave a bare `if`, or is in another file.
        /// </summary>
        private static StatementSyntax? Standalone(CodeSpot? spot, ReleaseRequest request)
        {
            var root = request.Editor.OriginalRoot;
            if (spot is not { } at || at.Path != root.SyntaxTree.FilePath || at.Start + at.Length > root.FullSpan.End)
            {
                return null;
            }

            var span = new TextSpan(at.Start, at.Length);
            SyntaxNode? node = root.FindNode(span, getInnermostNodeForTie: true);
            if (node.Span != span)
            {
                return null;
            }

            while (node?.Parent is ConditionalAccessExpressionSyntax access && access.WhenNotNull == node
                || node?.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            return node?.Parent is ExpressionStatementSyntax { Parent: BlockSyntax } statement && statement.Expression == node ? statement : null;
        }

        private static string Describe(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Destructor ? "the finalizer" : method.Name + "(" + string.Join(", ", method.Parameters.Select(p => p.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat))) + ")";

        /// <summary>
        /// The statements the contract's spots are the call or assignment of, in this document, with the name each reaches
        /// the lock through and the method that holds it. A spot that is no statement of its own (a value inside another
        /// expression) or lies in another file takes no statement beside it and is left out.
        /// </summary>
        private static List<(StatementSyntax Statement, string Name, TeardownGuard Guard, BaseMethodDeclarationSyntax Method)> Statements(ImmutableArray<TeardownSpot> spots, ReleaseRequest request)
        {
            var root = request.Editor.OriginalRoot;
            var result = new List<(StatementSyntax, string, TeardownGuard, BaseMethodDeclarationSyntax)>();
            foreach (var spot in spots)
            {
                var span = new TextSpan(spot.Spot.Start, spot.Spot.Length);
                if (spot.Spot.Path != root.SyntaxTree.FilePath || span.End > root.FullSpan.End
                    || root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionStatementSyntax>().FirstOrDefault() is not { } statement
                    || statement.Expression.Span != span
                    || statement.FirstAncestorOrSelf<BaseMethodDeclarationSyntax>() is not { } method)
                {
                    continue;
                }

                result.Add((statement, spot.Via ?? request.Member.Name, spot.Guard, method));
            }

            return result;
        }

        /// <summary>The missing call on the name the anchor uses, in an unsafe block where it names pointers outside an unsafe context.</summary>
        private static IReadOnlyList<StatementSyntax> Bare(StatementSyntax call, ReleaseRequest request, string name, NativeReleaseStatements native, StatementSyntax anchor)
        {
            if (name != request.Member.Name)
            {
                call = call.ReplaceNodes(
                    call.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == request.Member.Name),
                    (original, _) => IdentifierName(name).WithTriviaFrom(original));
            }

            return Unsafe(new[] { call }, native, anchor);
        }

        private static IReadOnlyList<StatementSyntax> Unsafe(IReadOnlyList<StatementSyntax> statements, NativeReleaseStatements native, SyntaxNode anchor)
        {
            var inUnsafe = anchor.AncestorsAndSelf().Any(n => n is UnsafeStatementSyntax
                || (n is MemberDeclarationSyntax m && m.Modifiers.Any(SyntaxKind.UnsafeKeyword)));
            return !native.UsesPointers || inUnsafe
                ? statements
                : new[] { (StatementSyntax)UnsafeStatement(Block(statements)).WithAdditionalAnnotations(Formatter.Annotation) };
        }
    }
}
