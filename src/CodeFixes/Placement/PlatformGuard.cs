using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// A lock created under a platform check (`OperatingSystem.IsWindows()`, `RuntimeInformation.IsOSPlatform(…)`, or
    /// the else of one) exists only on that platform: its release runs under the same check.
    /// </summary>
    internal static class PlatformGuard
    {
        /// <summary>The condition under which <paramref name="creation"/> runs, or null when it runs on every platform.</summary>
        public static ExpressionSyntax? ConditionOf(SyntaxNode creation)
        {
            SyntaxNode child = creation;
            foreach (var ancestor in creation.Ancestors())
            {
                if (ancestor is MemberDeclarationSyntax)
                {
                    break;
                }

                if (ancestor is IfStatementSyntax ifStatement && IsPlatformCheck(ifStatement.Condition))
                {
                    if (child == ifStatement.Statement)
                    {
                        return ifStatement.Condition.WithoutTrivia();
                    }

                    if (child == ifStatement.Else)
                    {
                        var condition = ifStatement.Condition.WithoutTrivia();
                        return PrefixUnaryExpression(
                            SyntaxKind.LogicalNotExpression,
                            condition is InvocationExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax ? condition : ParenthesizedExpression(condition));
                    }
                }

                child = ancestor;
            }

            return null;
        }

        /// <summary>`if (platform) { … }`; a lone storage guard joins the platform check: `if (OperatingSystem.IsWindows() &amp;&amp; _h != IntPtr.Zero)`.</summary>
        public static StatementSyntax Wrap(ExpressionSyntax platform, IReadOnlyList<StatementSyntax> statements)
        {
            if (statements.Count == 1 && statements[0] is IfStatementSyntax { Else: null } guard)
            {
                var left = platform is BinaryExpressionSyntax or ConditionalExpressionSyntax ? ParenthesizedExpression(platform) : platform;
                return guard.WithCondition(BinaryExpression(SyntaxKind.LogicalAndExpression, left, guard.Condition)).WithAdditionalAnnotations(Formatter.Annotation);
            }

            return IfStatement(platform, Block(statements)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static bool IsPlatformCheck(ExpressionSyntax condition) =>
            condition.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "IsOSPlatform" or "IsWindows" or "IsLinux" or "IsMacOS" or "IsFreeBSD" or "IsAndroid" or "IsIOS" or "IsMacCatalyst" or "IsTvOS" or "IsWatchOS" or "IsBrowser" or "IsWasi",
            });
    }
}
