using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

        private static bool IsPlatformCheck(ExpressionSyntax condition) =>
            condition.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is MemberAccessExpressionSyntax
            {
                Name.Identifier.ValueText: "IsOSPlatform" or "IsWindows" or "IsLinux" or "IsMacOS" or "IsFreeBSD" or "IsAndroid" or "IsIOS" or "IsMacCatalyst" or "IsTvOS" or "IsWatchOS" or "IsBrowser" or "IsWasi",
            });
    }
}
