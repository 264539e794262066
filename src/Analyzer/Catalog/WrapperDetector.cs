using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak
{
    /// <summary>Finds the wrappers of a compilation: its own disposable types that hold a lock primitive themselves.</summary>
    internal sealed class WrapperDetector
    {
        private readonly LockCatalog catalog;
        private readonly AnswerCache<INamedTypeSymbol, WrapperInfo> wrappers = new AnswerCache<INamedTypeSymbol, WrapperInfo>(4096, SymbolEqualityComparer.Default);

        public WrapperDetector(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>
        /// A disposable type of this compilation that declares an instance field of a lock primitive type,
        /// or whose constructors call a native lock initializer. One level only: a field of a wrapper
        /// type does not make a wrapper, and neither does an inherited field.
        /// </summary>
        public WrapperInfo? Get(INamedTypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, catalog.Compilation.Assembly))
            {
                return null;
            }

            var info = wrappers.GetOrCompute(type.OriginalDefinition, (Detector: this, Additional: additional), static (t, a) => a.Detector.Compute(t, a.Additional));
            return info.IsWrapper ? info : null;
        }

        private WrapperInfo Compute(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (!catalog.IsDisposable(type) || catalog.IsManagedPrimitive(type, additional))
            {
                return WrapperInfo.None;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    var fieldType = field.Type;
                    if (catalog.IsManagedPrimitive(fieldType, additional))
                    {
                        var name = field.AssociatedSymbol?.Name ?? field.Name;
                        return new WrapperInfo(fieldType.Name, name);
                    }
                }
            }

            // The classic case: the wrapper's own constructor (or an Init method it calls) initializes a native critical section.
            var visited = new HashSet<string>(StringComparer.Ordinal);
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    var native = FindNativeInitializerCall(type, reference.GetSyntax(), 0, visited);
                    if (native is not null)
                    {
                        return new WrapperInfo(native.LockName, null);
                    }
                }
            }

            return WrapperInfo.None;
        }

        /// <summary>
        /// Finds, by syntax, a call to a P/Invoke lock initializer, following calls to the type's own instance
        /// methods a few levels deep (construction includes the Init method a constructor calls). The name is
        /// confirmed against the compilation's declarations, so no semantic model of another tree is needed.
        /// </summary>
        private NativeFunction? FindNativeInitializerCall(INamedTypeSymbol type, SyntaxNode declaration, int depth, HashSet<string> visited)
        {
            foreach (var invocation in declaration.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                var name = invocation.Expression switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                    _ => null,
                };
                if (name is null)
                {
                    continue;
                }

                if (NativeInitializerCalled(type, invocation.Expression, name) is { } function)
                {
                    return function;
                }

                var ownCall = invocation.Expression is IdentifierNameSyntax || invocation.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax };
                if (!ownCall || depth >= 3 || !visited.Add(name))
                {
                    continue;
                }

                foreach (var member in type.GetMembers(name))
                {
                    if (member is not IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method)
                    {
                        continue;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        if (FindNativeInitializerCall(type, reference.GetSyntax(), depth + 1, visited) is { } nested)
                        {
                            return nested;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The native initializer a call by name reaches, found without a semantic model of the caller's tree, the way the
        /// compiler would look the name up (<see cref="NameLookup"/>): among the members of the calling type, its bases and
        /// containing types and the types its file imports with `using static`, or, for `Receiver.Name(...)`, of the types
        /// the receiver names.
        /// </summary>
        private NativeFunction? NativeInitializerCalled(INamedTypeSymbol type, ExpressionSyntax callee, string name)
        {
            switch (callee)
            {
                case SimpleNameSyntax:
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                    for (var current = type; current is not null; current = current.ContainingType)
                    {
                        for (var owner = current; owner is not null; owner = owner.BaseType)
                        {
                            if (NativeInitializerAmong(owner, name) is { } own)
                            {
                                return own;
                            }
                        }
                    }

                    foreach (var imported in NameLookup.StaticImports(catalog.Compilation, callee))
                    {
                        if (NativeInitializerAmong(imported, name) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case MemberAccessExpressionSyntax access:
                    foreach (var receiver in NameLookup.Resolve(catalog.Compilation, access.Expression, type, callee))
                    {
                        if (receiver is INamedTypeSymbol receiverType && NativeInitializerAmong(receiverType, name) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private NativeFunction? NativeInitializerAmong(INamedTypeSymbol owner, string name)
        {
            foreach (var member in owner.GetMembers(name))
            {
                if (member is IMethodSymbol method && catalog.GetNativeFunction(method) is { Role: NativeRole.InitializeInPlace or NativeRole.CreateHandle } function)
                {
                    return function;
                }
            }

            return null;
        }
    }
}
