using System;
using System.Collections.Generic;
using System.Linq;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Rules
{
    /// <summary>
    /// A type with a synchronous and an asynchronous disposal path, neither calling the other, must release on both
    /// (SPEC, "What counts as released"): the path that never reaches a release the other one makes.
    /// </summary>
    internal static class DisposalPaths
    {
        /// <summary>The sync or async path that forgets <paramref name="lockInfo"/>, or null when both release it (or the type has one path).</summary>
        public static IMethodSymbol? Forgetting(DisposeShape shape, OwnedLock lockInfo)
        {
            if (!shape.BothPathsRelease || shape.Sync is not { } sync || shape.Async is not { } async)
            {
                return null;
            }

            var syncReleases = false;
            var asyncReleases = false;
            var reachedFromSync = new Lazy<HashSet<string>>(() => Reachable(sync));
            var reachedFromAsync = new Lazy<HashSet<string>>(() => Reachable(async));
            foreach (var release in lockInfo.Releases)
            {
                // The finder walks helpers shared by both paths once, under whichever root it met first: a helper's
                // release counts for every path that calls it, by name, which can only keep a report away.
                var holder = HolderName(release.Operation.Syntax);
                syncReleases |= IsSyncRoot(release.Root) || (holder is not null && reachedFromSync.Value.Contains(holder));
                asyncReleases |= IsAsyncRoot(release.Root) || (holder is not null && reachedFromAsync.Value.Contains(holder));
            }

            return syncReleases == asyncReleases ? null : syncReleases ? async : sync;
        }

        private static bool IsSyncRoot(IMethodSymbol method) => RootName(method) == "Dispose";

        private static bool IsAsyncRoot(IMethodSymbol method) => RootName(method) is "DisposeAsync" or "DisposeAsyncCore";

        private static string RootName(IMethodSymbol method) =>
            method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;

        /// <summary>The name of the method (or local function) whose body holds the release.</summary>
        private static string? HolderName(SyntaxNode node) =>
            node.AncestorsAndSelf().Select(n => n switch
            {
                LocalFunctionStatementSyntax local => local.Identifier.ValueText,
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                _ => null,
            }).FirstOrDefault(name => name is not null);

        /// <summary>The names of the type's methods a path calls, directly or through each other; the path's own name included.</summary>
        private static HashSet<string> Reachable(IMethodSymbol root)
        {
            var methods = root.ContainingType.GetMembers().OfType<IMethodSymbol>()
                .SelectMany(m => m.DeclaringSyntaxReferences.Select(r => (m.Name, Syntax: r.GetSyntax())))
                .ToList();
            var reached = new HashSet<string>(StringComparer.Ordinal) { root.Name };
            var work = new Queue<SyntaxNode>(root.DeclaringSyntaxReferences.Select(r => r.GetSyntax()));
            while (work.Count > 0)
            {
                foreach (var invocation in work.Dequeue().DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    var name = invocation.Expression switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
                        _ => null,
                    };

                    // Each path is the other's boundary: crossing into it would make every release count for both.
                    if (name is null || name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" || !reached.Add(name))
                    {
                        continue;
                    }

                    foreach (var method in methods.Where(m => m.Name == name))
                    {
                        work.Enqueue(method.Syntax);
                    }
                }
            }

            return reached;
        }
    }
}
