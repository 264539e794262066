using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.TypeAnalysis
{
    /// <summary>How the entries a type declares call each other, read from their syntax.</summary>
    internal sealed partial class DisposalModel
    {
        /// <summary>Whether <paramref name="method"/>'s body calls one of the type's own methods named <paramref name="names"/> on itself.</summary>
        private static bool Calls(IMethodSymbol method, params string[] names) => Calls(method, (_, name) => Array.IndexOf(names, name) >= 0);

        private static bool Calls(IMethodSymbol method, Func<InvocationExpressionSyntax, string, bool> matches)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var invocation in reference.GetSyntax().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (CalledOnThis(invocation) is { } name && matches(invocation, name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>`Dispose(false)`, `Dispose(disposing: false)`.</summary>
        private static bool PassesFalse(InvocationExpressionSyntax invocation) =>
            invocation.ArgumentList.Arguments.Count == 1 && invocation.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression);

        /// <summary>The name of a method called on the instance itself: `M()`, `this.M()`, `base.M()`, `((IDisposable)this).M()`.</summary>
        private static string? CalledOnThis(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } access => access.Name.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ParenthesizedExpressionSyntax { Expression: CastExpressionSyntax { Expression: ThisExpressionSyntax } } } access => access.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
