using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.TypeAnalysis
{
    /// <summary>What the base types decide: the hooks their disposal calls, what a derived type overrides, whether it is disposable through them.</summary>
    internal sealed partial class DisposalModel
    {
        private static bool IsInCompilation(IMethodSymbol method, Compilation compilation) =>
            method.DeclaringSyntaxReferences.Any(r => compilation.ContainsSyntaxTree(r.SyntaxTree));

        private static bool DerivesFrom(INamedTypeSymbol type, string name, string containingNamespace)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.Name == name && current.ContainingNamespace?.ToDisplayString() == containingNamespace)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `protected internal` stays `protected internal` when the base is in the same assembly (CS0507 otherwise) and
        /// becomes `protected` across assemblies, where the internal half is not visible.
        /// </summary>
        private static Accessibility OverrideAccessibilityOf(IMethodSymbol overridden, Compilation compilation) =>
            overridden.DeclaredAccessibility == Accessibility.ProtectedOrInternal
            && !SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, compilation.Assembly)
                ? Accessibility.Protected
                : overridden.DeclaredAccessibility;

        private static bool IsDisposableThroughBase(INamedTypeSymbol type) =>
            type.BaseType is { } baseType && baseType.AllInterfaces.Any(i => i.ContainingNamespace?.ToDisplayString() == "System" && i.Name is "IDisposable" or "IAsyncDisposable");

        /// <summary>
        /// The overridable parameterless void methods that the base chain's disposal (Dispose(), Dispose(bool),
        /// DisposeAsync(), DisposeAsyncCore(), and the base's own helpers those call) invokes on itself, in call order:
        /// the hooks a derived type takes part in disposal through, whatever their names.
        /// </summary>
        private static ImmutableArray<IMethodSymbol> FindBaseHooks(INamedTypeSymbol type, Compilation compilation)
        {
            if (type.BaseType is not { SpecialType: SpecialType.None } first || first.TypeKind != TypeKind.Class)
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            var hooks = ImmutableArray.CreateBuilder<IMethodSymbol>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var work = new Queue<(SyntaxNode Body, int Depth)>();
            for (var current = first; current is not null; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false } method && (IsDisposeBool(method) || (method.Parameters.Length == 0 && method.Name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore")
                        || (method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.Parameters.Length == 0 && method.Name.EndsWith(".Dispose", StringComparison.Ordinal))))
                    {
                        foreach (var reference in method.DeclaringSyntaxReferences)
                        {
                            if (compilation.ContainsSyntaxTree(reference.SyntaxTree))
                            {
                                work.Enqueue((reference.GetSyntax(), 0));
                            }
                        }
                    }
                }
            }

            while (work.Count > 0)
            {
                var (body, depth) = work.Dequeue();
                foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (invocation.ArgumentList.Arguments.Count != 0 || CalledOnThis(invocation) is not { } called
                        || called is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" || !seen.Add(called))
                    {
                        continue;
                    }

                    // The most derived declaration in the base chain is the one a derived type overrides.
                    for (var current = type.BaseType; current is not null; current = current.BaseType)
                    {
                        var declared = current.GetMembers(called).OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.Length == 0);
                        if (declared is null)
                        {
                            continue;
                        }

                        if ((declared.IsVirtual || declared.IsAbstract || declared.IsOverride) && !declared.IsSealed && declared.ReturnsVoid)
                        {
                            hooks.Add(declared);
                        }
                        else if (depth < 2)
                        {
                            // A non-virtual helper of the base (`Cleanup()`) may call the hook in turn.
                            foreach (var reference in declared.DeclaringSyntaxReferences)
                            {
                                if (compilation.ContainsSyntaxTree(reference.SyntaxTree))
                                {
                                    work.Enqueue((reference.GetSyntax(), depth + 1));
                                }
                            }
                        }

                        break;
                    }
                }
            }

            return hooks.ToImmutable();
        }

        /// <summary>
        /// What a derived type overrides to take part in its base type's disposal: a virtual Dispose(bool), a virtual
        /// Dispose(), or else a hook the base's disposal calls, whatever its name. Null when the base's Dispose cannot be extended.
        /// </summary>
        private static (IMethodSymbol Method, bool OfSealedDispose)? FindOverridable(INamedTypeSymbol type, Compilation compilation, ImmutableArray<IMethodSymbol> hooks)
        {
            var sealedDisposeBool = false;
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                var disposeBool = current.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && IsDisposeBool(m));
                if (disposeBool is not null)
                {
                    if (CanOverride(disposeBool, type, compilation))
                    {
                        return (disposeBool, false);
                    }

                    sealedDisposeBool = true;
                    break;
                }
            }

            if (!sealedDisposeBool && BaseDispose(type) is { MethodKind: MethodKind.Ordinary } implementation && CanOverride(implementation, type, compilation))
            {
                return (implementation, false);
            }

            foreach (var hook in hooks)
            {
                if (CanOverride(hook, type, compilation))
                {
                    return (hook, sealedDisposeBool);
                }
            }

            return null;
        }

        private static IMethodSymbol? BaseDispose(INamedTypeSymbol type)
        {
            var disposable = type.BaseType?.AllInterfaces.FirstOrDefault(i => i.ContainingNamespace?.ToDisplayString() == "System" && i.Name == "IDisposable");
            var member = disposable?.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault();
            return member is null ? null : type.BaseType!.FindImplementationForInterfaceMember(member) as IMethodSymbol;
        }

        private static bool CanOverride(IMethodSymbol method, INamedTypeSymbol type, Compilation compilation) =>
            (method.IsVirtual || method.IsAbstract || method.IsOverride) && !method.IsSealed && method.ReturnsVoid
            && method.DeclaredAccessibility != Accessibility.Private && compilation.IsSymbolAccessibleWithin(method, type);

        /// <summary>A Dispose() or Dispose(bool) a base type has: a new one would hide it, not extend it.</summary>
        private static bool HasBaseDispose(INamedTypeSymbol type, Compilation compilation)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.GetMembers("Dispose").OfType<IMethodSymbol>().Any(m => !m.IsStatic && (m.Parameters.Length == 0 || IsDisposeBool(m))
                    && compilation.IsSymbolAccessibleWithin(m, type)))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
