using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// The native lock function a call written in another type's body reaches, found without a semantic model of that
    /// body's tree, the way the compiler would look the name up (<see cref="NameLookup"/>): among the members of the
    /// calling type, its bases and containing types and the types its file imports with `using static`, or, for
    /// `Receiver.Name(...)`, of the types the receiver names. Used where LockLeak reads a method it was not given the
    /// operations of: a wrapper's constructor, a helper that releases its parameter.
    /// </summary>
    internal sealed class NativeCallLookup
    {
        private readonly LockCatalog catalog;

        public NativeCallLookup(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>The name a call is made by: `Name(...)`, `this.Name(...)`, `Receiver.Name(...)`; null for any other shape.</summary>
        public static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>The native function of one of <paramref name="roles"/> that the call reaches, written inside <paramref name="writer"/>.</summary>
        public NativeFunction? Find(INamedTypeSymbol writer, InvocationExpressionSyntax invocation, Func<NativeRole, bool> roles)
        {
            var name = CalledName(invocation);
            if (name is null)
            {
                return null;
            }

            switch (invocation.Expression)
            {
                case SimpleNameSyntax:
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                    for (var current = writer; current is not null; current = current.ContainingType)
                    {
                        for (var owner = current; owner is not null; owner = owner.BaseType)
                        {
                            if (Among(owner, name, roles) is { } own)
                            {
                                return own;
                            }
                        }
                    }

                    foreach (var imported in NameLookup.StaticImports(catalog.Compilation, invocation))
                    {
                        if (Among(imported, name, roles) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case MemberAccessExpressionSyntax access:
                    foreach (var receiver in NameLookup.Resolve(catalog.Compilation, access.Expression, writer, invocation.Expression))
                    {
                        if (receiver is INamedTypeSymbol receiverType && Among(receiverType, name, roles) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private NativeFunction? Among(INamedTypeSymbol owner, string name, Func<NativeRole, bool> roles)
        {
            foreach (var member in owner.GetMembers(name))
            {
                if (member is IMethodSymbol method && catalog.GetNativeFunction(method) is { } function && roles(function.Role))
                {
                    return function;
                }
            }

            return null;
        }
    }
}
