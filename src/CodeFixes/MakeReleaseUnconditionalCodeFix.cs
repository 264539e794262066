using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes.Editing;
using LockLeak.CodeFixes.Unconditional;
using LockLeak.Contract;
using LockLeak.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes
{
    /// <summary>
    /// LCK005: the release moves out of the condition that can skip it (after the if), as `_gate?.Dispose();` for a
    /// managed primitive, so every call of Dispose releases it; after an early return it stays, and each return that
    /// skips it gains it (<see cref="EarlyReturnRelease"/>).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeReleaseUnconditionalCodeFix)), Shared]
    public sealed class MakeReleaseUnconditionalCodeFix : CodeFixProvider
    {
        public const string EquivalenceKey = "LCK005.ReleaseUnconditionally";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LockReleasedOnSomePaths);

        // Several releases may leave the same if: one document-wide pass over tracked nodes keeps the edits from colliding.
        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
            async (context, document, diagnostics) => await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Plan.Create(root, model, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Release it on every path of Dispose",
                        ct => FixAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var plans = diagnostics.Select(d => Plan.Create(root, model, d)).Where(p => p is not null).Select(p => p!).ToList();
            if (plans.Count == 0)
            {
                return document;
            }

            var tracked = root.TrackNodes(plans.SelectMany(p => p.Nodes));
            foreach (var plan in plans)
            {
                cancellationToken.ThrowIfCancellationRequested();
                tracked = plan.Apply(tracked);
            }

            return document.WithSyntaxRoot(InsertedLayout.Space(tracked));
        }

        private sealed class Plan
        {
            private static readonly SyntaxAnnotation Inserted = InsertedLayout.Inserted;

            private readonly EarlyReturnRelease? earlyReturn;

            private Plan(EarlyReturnRelease earlyReturn, ExpressionSyntax release, StatementSyntax condition)
            {
                this.earlyReturn = earlyReturn;
                Release = release;
                Condition = condition;
                Unconditional = EmptyStatement();
                Companions = new StatementSyntax[0];
            }

            private Plan(ExpressionSyntax release, StatementSyntax? releaseStatement, StatementSyntax condition, StatementSyntax unconditional, IReadOnlyList<StatementSyntax> companions, StatementSyntax? keptRelease = null)
            {
                KeptRelease = keptRelease;
                Companions = companions;
                Release = release;
                ReleaseStatement = releaseStatement;
                Condition = condition;
                Unconditional = unconditional;
            }

            public ExpressionSyntax Release { get; }

            /// <summary>The statement that holds the release, when it is one the fix can move; null for an expression-bodied helper.</summary>
            public StatementSyntax? ReleaseStatement { get; }

            public StatementSyntax Condition { get; }

            public StatementSyntax Unconditional { get; }

            /// <summary>What a native release that stays (in a helper, or before a return) becomes: guarded by its storage like the new copy.</summary>
            public StatementSyntax? KeptRelease { get; }

            /// <summary>The free and reset of a native lock's storage that move with its release.</summary>
            public IReadOnlyList<StatementSyntax> Companions { get; }

            public IEnumerable<SyntaxNode> Nodes => earlyReturn?.Nodes ?? (ReleaseStatement is null ? new SyntaxNode[] { Condition } : new SyntaxNode[] { ReleaseStatement, Condition }).Concat(Companions);

            public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic)
            {
                if (diagnostic.AdditionalLocations.Count == 0 || diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
                {
                    return null;
                }

                var release = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ExpressionSyntax;
                var condition = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<StatementSyntax>();
                if (release is null || condition is null || LockFix.From(diagnostic) is not { } fix)
                {
                    return null;
                }

                var statement = release.Parent as ExpressionStatementSyntax;
                if (fix.EarlyExit)
                {
                    // SPEC: the fix never moves a release above a use of the primitive on the same path; for an early
                    // return it adds the release on that return's path and leaves it where it is.
                    var early = Restate(release, fix);
                    IReadOnlyList<StatementSyntax> taken = new StatementSyntax[0];
                    if (fix.IsNative)
                    {
                        if (statement is null)
                        {
                            return null;
                        }

                        (early, taken) = NativeReleaseMove.Restate(statement, fix, model, Inserted);
                    }

                    return early is not null && EarlyReturnRelease.Create(root, model, release, fix, early, taken) is { } plan
                        ? new Plan(plan, release, condition)
                        : null;
                }

                if (condition.Parent is not BlockSyntax || condition is not (IfStatementSyntax or SwitchStatementSyntax or TryStatementSyntax))
                {
                    return null;
                }

                var sameMember = release.FirstAncestorOrSelf<MemberDeclarationSyntax>() == condition.FirstAncestorOrSelf<MemberDeclarationSyntax>();

                // A release followed by a return in its branch (`if (busy) { _gate.Dispose(); return; }`) already runs on
                // that return's path: it stays, like a release in a helper, and the path that goes on gains one.
                var stays = !sameMember || (statement?.Parent is BlockSyntax branch && branch.Statements.SkipWhile(s => s != statement).Skip(1).Any(s => s is ReturnStatementSyntax or ThrowStatementSyntax));
                var unconditional = Restate(release, fix);
                IReadOnlyList<StatementSyntax> companions = new StatementSyntax[0];
                StatementSyntax? keptRelease = null;
                if (fix.IsNative && statement is not null)
                {
                    (unconditional, companions) = NativeReleaseMove.Restate(statement, fix, model, Inserted);

                    // A native release that stays (in a helper such as `Close()` called under a lease counter's test, or
                    // before a return): the new copy is guarded by its storage and the kept one is guarded the same way,
                    // so whichever runs first releases and the other finds the storage reset. Storage that cannot be
                    // reset cannot be released twice.
                    keptRelease = stays && unconditional is IfStatementSyntax ? unconditional.WithoutAnnotations(Inserted) : null;
                }

                // A release that moves must be a whole statement; one that stays is repeated on the other path, which only
                // a managed Dispose (idempotent) or a guarded native release can safely do.
                if (unconditional is null
                    || (!stays ? statement is null : unconditional is not ExpressionStatementSyntax { Expression: ConditionalAccessExpressionSyntax } && keptRelease is null))
                {
                    return null;
                }

                return new Plan(release, !stays || keptRelease is not null ? statement : null, condition, unconditional, companions, keptRelease);
            }

            /// <summary>`_gate.Dispose()` becomes `_gate?.Dispose();`; native releases and loops move as written.</summary>
            private static StatementSyntax? Restate(ExpressionSyntax release, LockFix fix)
            {
                if (!fix.IsNative && !fix.IsCollection && !fix.ReleasesAsync)
                {
                    // A local copy (`var h = _gate; … h.Dispose();`) is not in scope where the release goes: the field is.
                    // Any other receiver is kept as written: `((IDisposable)_gate)` is how an explicit Dispose is reached.
                    var member = fix.Member;
                    var receiver = ReceiverOf(release);
                    if (receiver is not null && Innermost(receiver) is IdentifierNameSyntax { Identifier.ValueText: var name } local && name != member)
                    {
                        receiver = receiver == local ? IdentifierName(member) : receiver.ReplaceNode(local, IdentifierName(member));
                    }

                    return ExpressionStatement(
                            ConditionalAccessExpression(
                                receiver ?? IdentifierName(member),
                                InvocationExpression(MemberBindingExpression(IdentifierName("Dispose")))))
                        .WithAdditionalAnnotations(Formatter.Annotation, Inserted);
                }

                return release.Parent is ExpressionStatementSyntax statement
                    ? statement.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation, Inserted)
                    : null;
            }

            /// <summary>The member expression as the user wrote it (`_gate`, `this._gate`).</summary>
            private static ExpressionSyntax? ReceiverOf(ExpressionSyntax release)
            {
                if (release is ConditionalAccessExpressionSyntax conditional)
                {
                    return conditional.Expression.WithoutTrivia();
                }

                // The receiver as written, casts included: `((IDisposable)_gate)` is how an explicit Dispose is reached.
                if (release is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                {
                    return Innermost(access.Expression) is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }
                        ? access.Expression.WithoutTrivia()
                        : null;
                }

                return null;
            }

            /// <summary>What a receiver's parentheses and casts wrap.</summary>
            private static ExpressionSyntax Innermost(ExpressionSyntax receiver)
            {
                while (receiver is ParenthesizedExpressionSyntax or CastExpressionSyntax)
                {
                    receiver = receiver is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)receiver).Expression;
                }

                return receiver;
            }

            public SyntaxNode Apply(SyntaxNode root)
            {
                if (earlyReturn is not null)
                {
                    return earlyReturn.Apply(root);
                }

                var condition = root.GetCurrentNode(Condition);
                if (condition?.Parent is not BlockSyntax)
                {
                    return root;
                }

                // At the end of the block that holds the condition (before a closing return), so releases moved one by one
                // and all at once land in the same, source, order.
                var block = (BlockSyntax)condition.Parent;
                var last = block.Statements.Last();
                root = last is ReturnStatementSyntax or ThrowStatementSyntax && last != condition
                    ? root.InsertNodesBefore(last, new[] { Unconditional })
                    : root.InsertNodesAfter(last, new[] { Unconditional });

                if (KeptRelease is not null && ReleaseStatement is not null && root.GetCurrentNode(ReleaseStatement) is { } kept)
                {
                    root = root.ReplaceNode(kept, KeptRelease.WithTriviaFrom(kept));
                }
                else if (ReleaseStatement is not null && root.GetCurrentNode(ReleaseStatement) is { } original)
                {
                    // An embedded statement (`if (c) _gate.Dispose();`) cannot be removed, only emptied.
                    root = original.Parent is BlockSyntax
                        ? root.RemoveNode(original, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? root
                        : root.ReplaceNode(original, Block().WithTriviaFrom(original));
                }

                foreach (var companion in Companions)
                {
                    if (root.GetCurrentNode(companion) is { Parent: BlockSyntax } moved)
                    {
                        root = root.RemoveNode(moved, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? root;
                    }
                }

                // An if that held nothing but the release, with a condition free of side effects, goes with it.
                if (root.GetCurrentNode(Condition) is IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements.Count: 0 }, Parent: BlockSyntax parent } empty
                    && !HasSideEffects(empty.Condition))
                {
                    var index = parent.Statements.IndexOf(empty);
                    var next = index + 1 < parent.Statements.Count ? parent.Statements[index + 1] : null;
                    if (index == 0 && next is not null)
                    {
                        // The statement that now opens the block loses the blank line that separated it from the if.
                        root = root.ReplaceNode(next, next.WithLeadingTrivia(next.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia))));
                        empty = (IfStatementSyntax)root.GetCurrentNode(Condition)!;
                    }

                    root = root.RemoveNode(empty, SyntaxRemoveOptions.KeepUnbalancedDirectives) ?? root;
                }

                return root;
            }

            private static bool HasSideEffects(ExpressionSyntax condition) =>
                condition.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax or AwaitExpressionSyntax
                    || n is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression });
        }
    }
}
