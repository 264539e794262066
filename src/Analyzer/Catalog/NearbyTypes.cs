using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockLeak.Catalog
{
    /// <summary>
    /// Finds what a simple type name written inside a type means when the answer is close at hand, without binding:
    /// a type nested in it or in a type containing it, or a type of the compilation in its namespace. Binding a name
    /// (speculatively, or a member's type) is work charged to whoever asks first, for every type of a code base.
    /// </summary>
    internal static class NearbyTypes
    {
        /// <summary>
        /// The types of that name and arity the innermost scope holding one declares, when that is <paramref name="scope"/>,
        /// a type containing it or their namespace in this compilation (a type of the compilation hides an imported type of
        /// its namespace); default when the name may mean anything else (a type parameter, a nested type of a base, nothing
        /// found there), and binding decides. A constructor body, a field or a property declares no type, so this is what
        /// their names mean too.
        /// </summary>
        public static ImmutableArray<INamedTypeSymbol> Find(INamedTypeSymbol scope, string name, int arity)
        {
            var outermost = scope;
            for (var type = scope; type is not null; type = type.ContainingType)
            {
                outermost = type;
                if (arity == 0 && HasTypeParameter(type, name))
                {
                    return default;
                }

                var nested = type.GetTypeMembers(name, arity);
                if (!nested.IsEmpty)
                {
                    return nested;
                }

                for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
                {
                    // Where most walks end: object and ValueType declare no nested type.
                    if (baseType.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType)
                    {
                        break;
                    }

                    if (!baseType.GetTypeMembers(name, arity).IsEmpty)
                    {
                        return default;
                    }
                }
            }

            var declared = outermost.ContainingNamespace?.GetTypeMembers(name, arity) ?? default;
            return declared.IsDefaultOrEmpty ? default : declared;
        }

        private static bool HasTypeParameter(INamedTypeSymbol type, string name)
        {
            foreach (var parameter in type.TypeParameters)
            {
                if (parameter.Name == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
