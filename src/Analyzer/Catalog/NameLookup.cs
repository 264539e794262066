using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// Resolves a type name written in a file to the types it can denote, the way C# name lookup would, but from the
    /// file's using directives and the writer's containing types and namespaces alone: no semantic model of that file is
    /// needed, so a type met in another tree (a wrapper's constructor) costs no binding. Global usings declared in other
    /// files are not seen; everything it finds is confirmed on symbols by the caller.
    /// </summary>
    internal static class NameLookup
    {
        /// <summary>The types or namespaces `Receiver` in `Receiver.Name(...)` can be, written at <paramref name="site"/> inside <paramref name="writer"/>.</summary>
        public static List<INamespaceOrTypeSymbol> Resolve(Compilation compilation, ExpressionSyntax receiver, INamedTypeSymbol writer, SyntaxNode site)
        {
            var found = new List<INamespaceOrTypeSymbol>();
            var parts = new List<string>();
            if (!TryGetParts(receiver, parts, out var fromGlobal))
            {
                return found;
            }

            var starts = new List<INamespaceOrTypeSymbol>();
            if (fromGlobal)
            {
                starts.Add(compilation.GlobalNamespace);
            }
            else
            {
                foreach (var directive in UsingsInScope(site))
                {
                    if (directive.Alias is { } alias && alias.Name.Identifier.ValueText == parts[0])
                    {
                        // `K32.Init(...)` with `using K32 = Interop.Kernel32;`: continue from the alias target.
                        parts.RemoveAt(0);
                        var target = new List<string>();
                        if (directive.Name is { } name && TryGetParts(name, target, out _))
                        {
                            parts.InsertRange(0, target);
                        }

                        starts.Add(compilation.GlobalNamespace);
                        break;
                    }
                }

                if (starts.Count == 0)
                {
                    AddScopes(compilation, writer, site, starts);
                }
            }

            foreach (var start in starts)
            {
                Walk(start, parts, 0, found);
            }

            return found;
        }

        /// <summary>The types a `using static` directive in scope of <paramref name="site"/> imports.</summary>
        public static IEnumerable<INamedTypeSymbol> StaticImports(Compilation compilation, SyntaxNode site)
        {
            foreach (var directive in UsingsInScope(site))
            {
                var parts = new List<string>();
                if (!directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) || directive.Name is null || !TryGetParts(directive.Name, parts, out _))
                {
                    continue;
                }

                var found = new List<INamespaceOrTypeSymbol>();
                Walk(compilation.GlobalNamespace, parts, 0, found);
                foreach (var symbol in found)
                {
                    if (symbol is INamedTypeSymbol type)
                    {
                        yield return type;
                    }
                }
            }
        }

        private static void AddScopes(Compilation compilation, INamedTypeSymbol writer, SyntaxNode site, List<INamespaceOrTypeSymbol> scopes)
        {
            for (var type = writer; type is not null; type = type.ContainingType)
            {
                scopes.Add(type);
            }

            for (var space = writer.ContainingNamespace; space is not null; space = space.ContainingNamespace)
            {
                scopes.Add(space);
            }

            foreach (var directive in UsingsInScope(site))
            {
                var parts = new List<string>();
                if (directive.Alias is null && !directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) && directive.Name is not null && TryGetParts(directive.Name, parts, out _))
                {
                    var imported = new List<INamespaceOrTypeSymbol>();
                    Walk(compilation.GlobalNamespace, parts, 0, imported);
                    scopes.AddRange(imported);
                }
            }
        }

        private static void Walk(INamespaceOrTypeSymbol container, List<string> parts, int index, List<INamespaceOrTypeSymbol> found)
        {
            if (index == parts.Count)
            {
                found.Add(container);
                return;
            }

            foreach (var member in container.GetMembers(parts[index]))
            {
                if (member is INamespaceOrTypeSymbol next)
                {
                    Walk(next, parts, index + 1, found);
                }
            }
        }

        private static bool TryGetParts(ExpressionSyntax expression, List<string> parts, out bool fromGlobal)
        {
            fromGlobal = false;
            switch (expression)
            {
                case SimpleNameSyntax simple:
                    parts.Add(simple.Identifier.ValueText);
                    return true;
                case AliasQualifiedNameSyntax { Alias.Identifier.ValueText: "global" } global:
                    fromGlobal = true;
                    parts.Add(global.Name.Identifier.ValueText);
                    return true;
                case QualifiedNameSyntax qualified when TryGetParts(qualified.Left, parts, out fromGlobal):
                    parts.Add(qualified.Right.Identifier.ValueText);
                    return true;
                case MemberAccessExpressionSyntax { Expression: var left, Name: var right } when TryGetParts(left, parts, out fromGlobal):
                    parts.Add(right.Identifier.ValueText);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The using directives of the namespaces around <paramref name="node"/> and of its file, innermost first.</summary>
        public static IEnumerable<UsingDirectiveSyntax> UsingsInScope(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                var usings = current switch
                {
                    BaseNamespaceDeclarationSyntax space => space.Usings,
                    CompilationUnitSyntax unit => unit.Usings,
                    _ => default,
                };
                foreach (var directive in usings)
                {
                    yield return directive;
                }
            }
        }
    }
}
