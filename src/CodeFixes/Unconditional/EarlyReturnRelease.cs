using System.Collections.Generic;
using System.Linq;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Unconditional
{
    /// <summary>
    /// LCK005 after an early return: the release is added immediately before each return that skips it, inside that
    /// return's block, and stays where it is. Hoisted above the return instead, it would run before every use of the
    /// primitive that follows on the other path (SPEC: never above a use; issue 20's driver whose Dispose waited on the
    /// event it then disposed). A native release is written guarded by its storage and resetting it, and the original
    /// becomes the same guarded group, so whichever of two Dispose calls comes first releases and the other finds the
    /// storage reset.
    /// </summary>
    internal sealed class EarlyReturnRelease
    {
        private EarlyReturnRelease(IReadOnlyList<(StatementSyntax Anchor, StatementSyntax Inserted)> insertions, StatementSyntax? original, StatementSyntax? guardedOriginal, IReadOnlyList<StatementSyntax> companions)
        {
            Insertions = insertions;
            Original = original;
            GuardedOriginal = guardedOriginal;
            Companions = companions;
        }

        /// <summary>Each statement a release goes immediately before (the return, or the branch's own free or reset of the storage), with that release.</summary>
        public IReadOnlyList<(StatementSyntax Anchor, StatementSyntax Inserted)> Insertions { get; }

        /// <summary>The native release that becomes <see cref="GuardedOriginal"/>; null when the release stays as written.</summary>
        public StatementSyntax? Original { get; }

        public StatementSyntax? GuardedOriginal { get; }

        /// <summary>The free and reset that follow the native release and move into its guarded group.</summary>
        public IReadOnlyList<StatementSyntax> Companions { get; }

        public IEnumerable<SyntaxNode> Nodes =>
            Insertions.Select(i => (SyntaxNode)i.Anchor).Concat(Companions).Concat(Original is null ? Enumerable.Empty<SyntaxNode>() : new[] { Original });

        /// <param name="release">The reported release.</param>
        /// <param name="unconditional">The release as the fix writes it: `_gate?.Dispose();`, or the native release's guarded group.</param>
        /// <param name="companions">The free and reset <paramref name="unconditional"/> took along from after the native release.</param>
        public static EarlyReturnRelease? Create(SyntaxNode root, SemanticModel model, ExpressionSyntax release, LockFix fix, StatementSyntax unconditional, IReadOnlyList<StatementSyntax> companions)
        {
            if (fix.EarlyReturns.IsDefaultOrEmpty)
            {
                return null;
            }

            var member = fix.StorageMember ?? fix.Member;
            var owner = model.GetEnclosingSymbol(release.SpanStart)?.ContainingType;
            var insertions = new List<(StatementSyntax, StatementSyntax)>();
            foreach (var spot in fix.EarlyReturns)
            {
                if (spot.Path != root.SyntaxTree.FilePath || spot.Start + spot.Length > root.FullSpan.End
                    || root.FindNode(new TextSpan(spot.Start, spot.Length), getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>() is not { } exit
                    || exit is not (ReturnStatementSyntax or ThrowStatementSyntax)
                    || UsedOnTheWayOut(exit, member, model, owner))
                {
                    // A return that goes on using the primitive (`return _gate.WaitAsync();`, a finally or using that
                    // releases a lease of it) cannot have it released before: no fix rather than a use after dispose.
                    return null;
                }

                // A release written as the user wrote it (`await _inner.DisposeAsync();`, a foreach) only fits its own method.
                if (!fix.IsNative && unconditional is not ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax }
                    && exit.FirstAncestorOrSelf<MemberDeclarationSyntax>() != release.FirstAncestorOrSelf<MemberDeclarationSyntax>())
                {
                    return null;
                }

                insertions.Add(fix.IsNative ? NativeInsertion(exit, unconditional, member) : (exit, unconditional));
            }

            if (!fix.IsNative)
            {
                return new EarlyReturnRelease(insertions, null, null, new StatementSyntax[0]);
            }

            // A native release must be guarded by its storage: storage that cannot be reset gets no fix here.
            if (unconditional is not IfStatementSyntax || release.Parent is not ExpressionStatementSyntax statement)
            {
                return null;
            }

            return IsGuardedByStorage(statement, member)
                ? new EarlyReturnRelease(insertions, null, null, new StatementSyntax[0])
                : new EarlyReturnRelease(insertions, statement, unconditional.WithoutAnnotations(InsertedLayout.Inserted), companions);
        }

        /// <summary>
        /// Before the return, unless the return's block already frees or resets the storage: then before that, so the lock
        /// is deleted while its memory is still there, and without the free or reset that the block goes on to do.
        /// </summary>
        private static (StatementSyntax, StatementSyntax) NativeInsertion(StatementSyntax exit, StatementSyntax unconditional, string member)
        {
            var siblings = exit.Parent switch
            {
                BlockSyntax block => block.Statements,
                SwitchSectionSyntax section => section.Statements,
                _ => default,
            };
            var existing = siblings.TakeWhile(s => s != exit).FirstOrDefault(s => NativeReleaseMove.FreesOrResets(s, member));
            if (existing is null || unconditional is not IfStatementSyntax { Statement: BlockSyntax group } guarded)
            {
                return (exit, unconditional);
            }

            var branchFrees = siblings.SkipWhile(s => s != existing).TakeWhile(s => s != exit).Any(s => NativeReleaseMove.FreesOrResets(s, member) && !NativeReleaseMove.IsReset(s, member));
            var kept = group.Statements.Where(s => !NativeReleaseMove.IsReset(s, member) && !(branchFrees && NativeReleaseMove.FreesOrResets(s, member)));
            return (existing, guarded.WithStatement(group.WithStatements(List(kept))));
        }

        /// <summary>The release already sits in `if (_cs != IntPtr.Zero)` / `if (_mutex != null)` of its own storage.</summary>
        private static bool IsGuardedByStorage(StatementSyntax release, string member) =>
            release.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax).OfType<IfStatementSyntax>().Any(i =>
                i.Statement.Span.Contains(release.Span)
                && i.Condition.DescendantNodesAndSelf().Any(n =>
                    (n is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.NotEqualsExpression } b && (Names(b.Left, member) || Names(b.Right, member)))
                    || (n is IsPatternExpressionSyntax { Pattern: UnaryPatternSyntax } p && Names(p.Expression, member))));

        /// <summary>
        /// The primitive is used after the release would run on this return's path: by the returned or thrown expression
        /// (or a method of the type it calls), or by a finally or using the return leaves through.
        /// </summary>
        private static bool UsedOnTheWayOut(StatementSyntax exit, string member, SemanticModel model, INamedTypeSymbol? owner)
        {
            var expression = exit switch
            {
                ReturnStatementSyntax r => r.Expression,
                ThrowStatementSyntax t => t.Expression,
                _ => null,
            };
            if (expression is not null && (Names(expression, member) || CallsOwnMethodUsing(expression, member, model, owner)))
            {
                return true;
            }

            foreach (var ancestor in exit.Ancestors().TakeWhile(a => a is not MemberDeclarationSyntax))
            {
                switch (ancestor)
                {
                    case TryStatementSyntax { Finally: { } @finally } tryStatement when tryStatement.Block.Span.Contains(exit.Span) && Names(@finally.Block, member):
                    case UsingStatementSyntax @using when @using.Statement.Span.Contains(exit.Span)
                        && ((@using.Expression is { } resource && Names(resource, member)) || (@using.Declaration is { } declaration && Names(declaration, member))):
                        return true;
                    case BlockSyntax block when block.Statements.TakeWhile(s => !s.Span.Contains(exit.Span))
                        .Any(s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration && Names(declaration.Declaration, member)):
                        return true;
                }
            }

            return false;
        }

        private static bool Names(SyntaxNode node, string member) =>
            node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member);

        private static bool CallsOwnMethodUsing(ExpressionSyntax expression, string member, SemanticModel model, INamedTypeSymbol? owner) =>
            owner is not null
            && expression.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(call =>
                model.GetSymbolInfo(call).Symbol is IMethodSymbol method
                && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, owner.OriginalDefinition)
                && method.DeclaringSyntaxReferences.Any(r => Names(r.GetSyntax(), member)));

        public SyntaxNode Apply(SyntaxNode root)
        {
            foreach (var (anchor, inserted) in Insertions)
            {
                if (root.GetCurrentNode(anchor) is not { } current)
                {
                    continue;
                }

                if (current.Parent is BlockSyntax or SwitchSectionSyntax)
                {
                    root = root.InsertNodesBefore(current, new[] { inserted });
                }
                else
                {
                    // `if (x) return;` becomes a block that releases, then returns.
                    var block = Block(inserted, current.WithoutTrivia())
                        .WithLeadingTrivia(current.GetLeadingTrivia())
                        .WithTrailingTrivia(current.GetTrailingTrivia())
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    root = root.ReplaceNode(current, block);
                }
            }

            if (Original is not null && GuardedOriginal is not null && root.GetCurrentNode(Original) is { } original)
            {
                root = root.ReplaceNode(original, GuardedOriginal.WithTriviaFrom(original).WithAdditionalAnnotations(Formatter.Annotation));
                foreach (var companion in Companions)
                {
                    if (root.GetCurrentNode(companion) is { Parent: BlockSyntax } moved)
                    {
                        root = root.RemoveNode(moved, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? root;
                    }
                }
            }

            return root;
        }
    }
}
