using System.Collections.Generic;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Editing
{
    /// <summary>
    /// The one editor of an existing Dispose, Dispose(bool), DisposeAsync, ReleaseHandle or finalizer body: puts
    /// releases at its end (before a trailing GC.SuppressFinalize, base call or return), managed ones inside
    /// `if (disposing)` of a Dispose(bool). An expression body becomes a block.
    /// </summary>
    internal static class DisposeBody
    {
        /// <summary>On a native delete: when the method already frees this member's memory, the delete goes before that free.</summary>
        public const string BeforeFreeOf = "LockLeak.BeforeFreeOf";

        /// <param name="whenDisposing">Releases that run only when disposing (managed objects), when <paramref name="disposing"/> names the parameter.</param>
        /// <param name="always">Releases that run on every call (native locks, which the finalizer must release too).</param>
        /// <param name="returnsValue">A non-async Task/ValueTask method: its expression body becomes a return statement.</param>
        public static BaseMethodDeclarationSyntax Insert(
            BaseMethodDeclarationSyntax method, IReadOnlyList<StatementSyntax> whenDisposing, IReadOnlyList<StatementSyntax> always, string? disposing, bool returnsValue)
        {
            method = WithBlockBody(method, returnsValue);
            return method.Body is { } body ? method.WithBody(InsertInto(body, whenDisposing, always, disposing)) : method;
        }

        /// <summary>The method with its expression body (if any) turned into a block, keeping the trivia around it.</summary>
        public static BaseMethodDeclarationSyntax WithBlockBody(BaseMethodDeclarationSyntax method, bool returnsValue)
        {
            if (method.Body is not null || method.ExpressionBody is not { } arrow)
            {
                return method;
            }

            var expression = arrow.Expression.WithoutTrivia();
            StatementSyntax existing = returnsValue ? ReturnStatement(expression) : ExpressionStatement(expression);
            var block = Block(existing)
                .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);

            var beforeArrow = arrow.GetFirstToken().GetPreviousToken();
            return method
                .ReplaceToken(beforeArrow, beforeArrow.WithTrailingTrivia(TriviaList()))
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(block);
        }

        /// <summary>`if (disposing) { releases }`.</summary>
        public static StatementSyntax IfDisposing(string parameter, IEnumerable<StatementSyntax> releases) =>
            IfStatement(IdentifierName(parameter), Block(releases)).WithAdditionalAnnotations(Formatter.Annotation);

        private static BlockSyntax InsertInto(BlockSyntax body, IReadOnlyList<StatementSyntax> whenDisposing, IReadOnlyList<StatementSyntax> always, string? disposing)
        {
            if (whenDisposing.Count > 0)
            {
                body = disposing is null ? InsertAtEnd(body, whenDisposing) : InsertWhenDisposing(body, whenDisposing, disposing);
            }

            if (always.Count == 0)
            {
                return body;
            }

            var remaining = BeforeExistingFrees(ref body, always);
            return InsertAtEnd(body, remaining);
        }

        private static BlockSyntax InsertWhenDisposing(BlockSyntax body, IReadOnlyList<StatementSyntax> releases, string disposing)
        {
            if (FindDisposingIf(body, disposing) is { } ifDisposing)
            {
                var branch = ifDisposing.Statement is BlockSyntax block
                    ? InsertAtEnd(block, releases)
                    : Block(new[] { ifDisposing.Statement.WithoutLeadingTrivia() }.Concat(releases)).WithAdditionalAnnotations(Formatter.Annotation);
                return body.ReplaceNode(ifDisposing, ifDisposing.WithStatement(branch));
            }

            // After `if (!disposing) return;` the rest of the method runs only when disposing.
            if (body.Statements.Any(s => IsReturnUnlessDisposing(s, disposing)))
            {
                return InsertAtEnd(body, releases);
            }

            return InsertAtEnd(body, new[] { IfDisposing(disposing, releases) });
        }

        /// <summary>Places each delete marked <see cref="BeforeFreeOf"/> before the free of its member the body already has; returns the rest.</summary>
        private static IReadOnlyList<StatementSyntax> BeforeExistingFrees(ref BlockSyntax body, IReadOnlyList<StatementSyntax> statements)
        {
            var existing = body.Statements;
            var remaining = new List<StatementSyntax>();
            foreach (var statement in statements)
            {
                var free = statement.GetAnnotations(BeforeFreeOf).FirstOrDefault() is { Data: { } member } ? IndexOfFree(existing, member) : -1;
                if (free >= 0)
                {
                    existing = existing.Insert(free, statement);
                }
                else
                {
                    remaining.Add(statement);
                }
            }

            body = body.WithStatements(existing);
            return remaining;
        }

        private static int IndexOfFree(SyntaxList<StatementSyntax> statements, string member)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation }
                    && NativeApi.IsMemoryFree(access.Name.Identifier.ValueText)
                    && invocation.ArgumentList.Arguments.Count == 1
                    && invocation.ArgumentList.Arguments[0].Expression switch
                    {
                        IdentifierNameSyntax name => name.Identifier.ValueText == member,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self => self.Name.Identifier.ValueText == member,
                        _ => false,
                    })
                {
                    return i;
                }
            }

            return -1;
        }

        private static BlockSyntax InsertAtEnd(BlockSyntax block, IReadOnlyList<StatementSyntax> releases)
        {
            var statements = block.Statements;
            var index = statements.Count;
            while (index > 0 && RunsLast(statements[index - 1]))
            {
                index--;
            }

            var inserted = releases.ToList();
            var close = block.CloseBraceToken;
            if (index == statements.Count && inserted.Count > 0 && close.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)))
            {
                // A trailing comment (`// TODO: dispose managed state`) stays above the code that now follows it.
                var trivia = close.LeadingTrivia;
                var lastLineEnd = -1;
                for (var i = 0; i < trivia.Count; i++)
                {
                    if (trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
                    {
                        lastLineEnd = i;
                    }
                }

                if (lastLineEnd >= 0)
                {
                    inserted[0] = inserted[0].WithLeadingTrivia(trivia.Take(lastLineEnd + 1).Concat(inserted[0].GetLeadingTrivia()));
                    block = block.WithCloseBraceToken(close.WithLeadingTrivia(trivia.Skip(lastLineEnd + 1)));
                }
            }

            return block.WithStatements(statements.InsertRange(index, inserted));
        }

        /// <summary>Statements that conventionally end a Dispose: GC.SuppressFinalize(this), base.Dispose(...), return.</summary>
        private static bool RunsLast(StatementSyntax statement)
        {
            if (statement is ReturnStatementSyntax)
            {
                return true;
            }

            if (statement is not ExpressionStatementSyntax { Expression: var expression })
            {
                return false;
            }

            if (expression is AwaitExpressionSyntax awaited)
            {
                expression = awaited.Expression;
            }

            // base.DisposeAsync().ConfigureAwait(false)
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: InvocationExpressionSyntax inner } })
            {
                expression = inner;
            }

            if (expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
            {
                return false;
            }

            return access.Expression is BaseExpressionSyntax || IsSuppressFinalize(access);
        }

        /// <summary>`GC.SuppressFinalize(...)`, however GC is qualified.</summary>
        public static bool IsSuppressFinalize(MemberAccessExpressionSyntax access)
        {
            var receiver = access.Expression.ToString();
            return access.Name.Identifier.ValueText == "SuppressFinalize" && (receiver == "GC" || receiver == "System.GC" || receiver == "global::System.GC");
        }

        private static IfStatementSyntax? FindDisposingIf(BlockSyntax body, string disposing) =>
            body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<IfStatementSyntax>()
                .FirstOrDefault(i => TestsDisposing(i.Condition, disposing));

        /// <summary>`disposing`, or `disposing &amp;&amp; ...`: the branch runs only when disposing.</summary>
        private static bool TestsDisposing(ExpressionSyntax condition, string disposing)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            return condition switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == disposing,
                BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression) =>
                    TestsDisposing(binary.Left, disposing) || TestsDisposing(binary.Right, disposing),
                _ => false,
            };
        }

        private static bool IsReturnUnlessDisposing(StatementSyntax statement, string disposing)
        {
            if (statement is not IfStatementSyntax { Else: null } ifStatement
                || ifStatement.Condition is not PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression, Operand: IdentifierNameSyntax operand }
                || operand.Identifier.ValueText != disposing)
            {
                return false;
            }

            return ifStatement.Statement is ReturnStatementSyntax
                || (ifStatement.Statement is BlockSyntax { Statements: { Count: 1 } statements } && statements[0] is ReturnStatementSyntax);
        }
    }
}
