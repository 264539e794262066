using System.Linq;
using LockLeak.CodeFixes.Editing;
using LockLeak.Contract;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.CodeFixes.Placement
{
    /// <summary>
    /// A method the type already has that releases the primitive (`Release()`, `Close()`, `FullCleanup()`): a careful
    /// maintainer calls it from Dispose rather than writing a second release beside it, which on a type that tears
    /// down per platform would also be wrong on every other platform.
    /// </summary>
    internal static class TeardownReuse
    {
        public static IMethodSymbol? Find(ReleaseRequest request, DisposeShape shape)
        {
            foreach (var method in request.Owner.GetMembers().OfType<IMethodSymbol>())
            {
                if (method.IsStatic || method.MethodKind != MethodKind.Ordinary || !method.ReturnsVoid || method.Parameters.Length != 0
                    || method.IsAbstract || method.Name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" or "ReleaseHandle"
                    || SymbolEqualityComparer.Default.Equals(method, shape.Sync) || SymbolEqualityComparer.Default.Equals(method, shape.Async))
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is MethodDeclarationSyntax declaration && !declaration.ContainsDiagnostics && Releases(declaration, request.Fix))
                    {
                        return method;
                    }
                }
            }

            return null;
        }

        /// <summary>Whether the body calls the release (or, when only the free is missing, the free) on the member.</summary>
        private static bool Releases(MethodDeclarationSyntax declaration, LockFix fix)
        {
            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return false;
            }

            // A method that recreates the primitive (`Reset()`) is not a teardown: calling it from Dispose would leave a new one.
            if (body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => Names(a.Left, fix.Member)))
            {
                return false;
            }

            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var called = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };

                if (fix.IsNative)
                {
                    var release = fix.NeedsNativeRelease ? fix.NativeRelease : fix.Free?.Free;
                    if (called is not null && release is not null && called.StartsWith(release, System.StringComparison.Ordinal) && MentionsMember(invocation.ArgumentList, fix.Member))
                    {
                        return true;
                    }
                }
                else if (called is "Dispose" or "Close" && invocation.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && Names(receiver, fix.Member))
                {
                    return true;
                }
            }

            // `_gate?.Dispose()`
            return !fix.IsNative && body.DescendantNodes().OfType<ConditionalAccessExpressionSyntax>()
                .Any(c => Names(c.Expression, fix.Member) && c.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" } });
        }

        private static bool MentionsMember(ArgumentListSyntax arguments, string member) =>
            arguments.Arguments.Any(a => a.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == member));

        private static bool Names(ExpressionSyntax expression, string member) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == member,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText == member,
            _ => false,
        };
    }
}
