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
    /// down per platform would also be wrong on every other platform. Only a method whose job is teardown is reused:
    /// a thread, task or timer body or an event handler (the type hands the method itself to someone), a loop, or a
    /// method that waits on a primitive is never called from Dispose; when in doubt the fix writes the release.
    /// </summary>
    /// <remarks>
    /// TODO(issue 20, deliverable 1): "is this method a teardown" is decided here from syntax until the analyzer's
    /// disposal model says which helpers each disposal path reaches; then this asks the model instead.
    /// </remarks>
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

                if (HandedOver(method, request))
                {
                    continue;
                }

                foreach (var reference in method.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is MethodDeclarationSyntax declaration && !declaration.ContainsDiagnostics
                        && !LoopsOrWaits(declaration) && Releases(declaration, request.Fix))
                    {
                        return method;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the type hands the method to someone instead of calling it: a method group (`new Thread(Run)`,
        /// `timer.Elapsed += OnTick`), or a call inside a lambda (`Task.Run(() => Run())`). Such a method is a thread,
        /// task or timer body or a handler; calling it from Dispose would run its loop, or its thread-affine work, on
        /// the disposing thread.
        /// </summary>
        private static bool HandedOver(IMethodSymbol method, ReleaseRequest request)
        {
            foreach (var reference in request.Owner.DeclaringSyntaxReferences)
            {
                foreach (var name in reference.GetSyntax().DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText == method.Name))
                {
                    var use = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name == name ? access : (ExpressionSyntax)name;
                    var invoked = use.Parent is InvocationExpressionSyntax invocation && invocation.Expression == use;
                    if (!invoked || use.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A `while`/`do` loop or a wait (`Wait`, `WaitOne`, `Join`, `Sleep`, entering a lock): a body that runs, not a teardown.</summary>
        private static bool LoopsOrWaits(MethodDeclarationSyntax declaration)
        {
            var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
            if (body is null)
            {
                return false;
            }

            return body.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax)
                || body.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => (i.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => string.Empty,
                }) is var called
                    && (called.StartsWith("Wait", System.StringComparison.Ordinal) || called is "Join" or "Sleep" or "Enter" or "TryEnter"
                        or "EnterCriticalSection" or "pthread_mutex_lock" or "pthread_cond_wait" or "pthread_cond_timedwait"
                        || called.StartsWith("Enter", System.StringComparison.Ordinal)));
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
