using System.Collections.Generic;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.CodeFixes.NativeRelease;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Unconditional
{
    /// <summary>
    /// A native release that leaves its condition takes along the free and the reset of the same storage that follow
    /// it: left behind, they would free or forget the lock on one path while the release runs on every path. Moved,
    /// the group is guarded by its storage, so the release runs once however often Dispose does.
    /// </summary>
    internal static class NativeReleaseMove
    {
        public static (StatementSyntax Unconditional, IReadOnlyList<StatementSyntax> Companions) Restate(
            ExpressionStatementSyntax release, LockFix fix, SemanticModel model, SyntaxAnnotation inserted)
        {
            var type = model.GetEnclosingSymbol(release.SpanStart)?.ContainingType;
            var member = type?.GetMembers(fix.Member).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol);
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (member is null || memberType is null || NativeStorage.Zero(member, memberType, fix.Passing) is not { } zero)
            {
                // Storage that cannot be reset moves as written: nothing here could tell a second run from the first.
                return (release.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation, inserted), new StatementSyntax[0]);
            }

            var companions = release.Parent is BlockSyntax block
                ? block.Statements.SkipWhile(s => s != release).Skip(1).Where(s => FreesOrResets(s, fix.Member)).ToList()
                : new List<StatementSyntax>();
            var storage = IdentifierName(fix.Member);
            // Elastic, so the formatter puts each statement of the group on its own line.
            var statements = new List<StatementSyntax> { release.WithoutTrivia().WithLeadingTrivia(ElasticMarker) };
            statements.AddRange(companions.Where(c => !IsReset(c, fix.Member)).Select(c => c.WithoutTrivia().WithLeadingTrivia(ElasticMarker)));
            statements.Add(ExpressionStatement(AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, storage, zero)));
            var guarded = IfStatement(BinaryExpression(SyntaxKind.NotEqualsExpression, storage, zero), Block(statements));
            return (guarded.WithAdditionalAnnotations(Formatter.Annotation, inserted), companions);
        }

        internal static bool FreesOrResets(StatementSyntax statement, string member) =>
            IsReset(statement, member)
            || statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation }
                && NativeApi.IsMemoryFree(access.Name.Identifier.ValueText)
                && invocation.ArgumentList.Arguments.Count == 1 && Names(invocation.ArgumentList.Arguments[0].Expression, member);

        internal static bool IsReset(StatementSyntax statement, string member) =>
            statement is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }
            && Names(assignment.Left, member);

        private static bool Names(ExpressionSyntax expression, string member)
        {
            while (expression is CastExpressionSyntax or ParenthesizedExpressionSyntax)
            {
                expression = expression is CastExpressionSyntax cast ? cast.Expression : ((ParenthesizedExpressionSyntax)expression).Expression;
            }

            return expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText == member,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == member,
                _ => false,
            };
        }
    }
}
