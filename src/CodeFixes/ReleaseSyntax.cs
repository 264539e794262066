using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes
{
    /// <summary>The release statements the fix writes, and where in an existing method body they go.</summary>
    internal static class ReleaseSyntax
    {
        /// <summary>
        /// `_gate.Dispose();`, `_gate?.Dispose();`, `await _wrapper.DisposeAsync();` or a foreach over a collection.
        /// Null when the release needs an await the method cannot have, or the collection's elements cannot be named.
        /// </summary>
        public static StatementSyntax? Release(ReleaseRequest request, bool inAsyncMethod, NameScope names, string newLine)
        {
            if (request.IsAsyncRelease && !inAsyncMethod)
            {
                return null;
            }

            // `this.` keeps the member bound to the field even next to a same-named local; the simplifier drops it otherwise.
            var member = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ThisExpression(), IdentifierName(request.Member))
                .WithAdditionalAnnotations(Simplifier.Annotation);

            StatementSyntax statement;
            if (request.IsCollection)
            {
                if (ElementType(request.MemberType) is not { } element)
                {
                    return null;
                }

                var name = names.Reserve(LoopVariableName(request.Member));
                var item = IdentifierName(name);
                var loop = ForEachStatement(
                    IdentifierName("var"),
                    Identifier(name),
                    member,
                    Block(ReleaseCall(item, element.NullableAnnotation == NullableAnnotation.Annotated, request.IsAsyncRelease)));
                statement = request.MemberType.NullableAnnotation == NullableAnnotation.Annotated
                    ? IfStatement(NotNull(member), Block(loop))
                    : loop;
            }
            else
            {
                statement = ReleaseCall(member, request.MayBeNull, request.IsAsyncRelease);
            }

            // A fixed line break (not an elastic one) keeps the formatter from adding a blank line after a
            // foreach when several releases are inserted at once, so Fix All writes what one fix at a time writes.
            return statement.WithTrailingTrivia(EndOfLine(newLine)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>The line break the document already uses.</summary>
        public static string NewLineOf(SyntaxNode root)
        {
            foreach (var trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia.ToString();
                }
            }

            return "\n";
        }

        /// <summary>`if (disposing) { releases }`.</summary>
        public static StatementSyntax IfDisposing(string parameter, IEnumerable<StatementSyntax> releases) =>
            IfStatement(IdentifierName(parameter), Block(releases)).WithAdditionalAnnotations(Formatter.Annotation);

        /// <summary>
        /// Puts <paramref name="releases"/> at the end of <paramref name="method"/> (before a trailing
        /// GC.SuppressFinalize, base call or return) or, for Dispose(bool), inside its `if (disposing)`.
        /// An expression body becomes a block.
        /// </summary>
        public static MethodDeclarationSyntax Insert(MethodDeclarationSyntax method, IReadOnlyList<StatementSyntax> releases, string? disposing, bool returnsValue)
        {
            if (method.Body is { } body)
            {
                return method.WithBody(InsertInto(body, releases, disposing));
            }

            if (method.ExpressionBody is not { } arrow)
            {
                return method;
            }

            var expression = arrow.Expression.WithoutTrivia();
            StatementSyntax existing = returnsValue ? ReturnStatement(expression) : ExpressionStatement(expression);
            var block = Block(existing)
                .WithCloseBraceToken(Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                .WithAdditionalAnnotations(Formatter.Annotation);
            block = InsertInto(block, releases, disposing);

            var beforeArrow = arrow.GetFirstToken().GetPreviousToken();
            return method
                .ReplaceToken(beforeArrow, beforeArrow.WithTrailingTrivia(TriviaList()))
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(block);
        }

        private static BlockSyntax InsertInto(BlockSyntax body, IReadOnlyList<StatementSyntax> releases, string? disposing)
        {
            if (disposing is null)
            {
                return InsertAtEnd(body, releases);
            }

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

            if (access.Expression is BaseExpressionSyntax)
            {
                return true;
            }

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

        private static StatementSyntax ReleaseCall(ExpressionSyntax target, bool mayBeNull, bool isAsync)
        {
            if (isAsync)
            {
                var awaited = ExpressionStatement(AwaitExpression(InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName("DisposeAsync")))));
                return mayBeNull ? IfStatement(NotNull(target), Block(awaited)) : awaited;
            }

            return mayBeNull
                ? ExpressionStatement(ConditionalAccessExpression(target, InvocationExpression(MemberBindingExpression(IdentifierName("Dispose")))))
                : ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName("Dispose"))));
        }

        private static ExpressionSyntax NotNull(ExpressionSyntax target) =>
            BinaryExpression(SyntaxKind.NotEqualsExpression, target, LiteralExpression(SyntaxKind.NullLiteralExpression));

        /// <summary>The element a foreach over the member yields: of an array, or of a one-argument generic collection.</summary>
        private static ITypeSymbol? ElementType(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named => named.TypeArguments[0],
            _ => null,
        };

        /// <summary>`_stripes` gives `stripe`, `Gates` gives `gate`; anything that is not a plain identifier gives `item`.</summary>
        private static string LoopVariableName(string member)
        {
            var name = member.StartsWith("m_", System.StringComparison.Ordinal) ? member.Substring(2) : member.TrimStart('_');
            if (name.Length > 1 && name.EndsWith("s", System.StringComparison.Ordinal) && !name.EndsWith("ss", System.StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - 1);
            }

            if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name) || name == member)
            {
                return "item";
            }

            name = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "item" : name;
        }
    }

    /// <summary>Names already used where a loop variable goes (locals, parameters, members), so a new one does not clash.</summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string> taken;

        public NameScope(IEnumerable<string> taken) => this.taken = new HashSet<string>(taken);

        public static NameScope For(INamedTypeSymbol type, SyntaxNode? method, params string[] more)
        {
            var names = new List<string>(type.MemberNames);
            names.AddRange(more);
            if (method is not null)
            {
                names.AddRange(method.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            }

            return new NameScope(names);
        }

        public string Reserve(string preferred)
        {
            var name = preferred;
            for (var i = 2; !taken.Add(name); i++)
            {
                name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return name;
        }
    }
}
