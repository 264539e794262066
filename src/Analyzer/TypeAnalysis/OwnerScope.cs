using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.OperationShapes;

namespace LockLeak
{
    /// <summary>The type being analysed, what it may hold, and which members count as its own: what every stage starts from.</summary>
    internal sealed class OwnerScope
    {
        private HashSet<ISymbol>? autoProperties;

        public OwnerScope(INamedTypeSymbol type, LockCatalog catalog, LockLeakOptions options, IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks)
        {
            Type = type;
            Catalog = catalog;
            Options = options;
            Additional = catalog.AdditionalTypes(options);
            Blocks = blocks;
        }

        public INamedTypeSymbol Type { get; }

        public LockCatalog Catalog { get; }

        public LockLeakOptions Options { get; }

        /// <summary>The lock types the type's .editorconfig adds, resolved.</summary>
        public ImmutableHashSet<INamedTypeSymbol> Additional { get; }

        /// <summary>The type's operation blocks by owning member: constructors, initializers, methods.</summary>
        public IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> Blocks { get; }

        public bool IsOwnMethod(IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, Type.OriginalDefinition);

        public bool IsOwnInstanceMember(ISymbol member)
        {
            if (member.IsStatic || !SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, Type.OriginalDefinition))
            {
                // SafeHandle.handle is the one inherited field a type owns: its ReleaseHandle releases it.
                return member is IFieldSymbol { Name: "handle", IsStatic: false } inherited && Catalog.IsSafeHandle(inherited.ContainingType);
            }

            return member switch
            {
                IFieldSymbol field => !field.IsConst,
                IPropertySymbol property => IsAutoProperty(property),
                _ => false,
            };
        }

        private bool IsAutoProperty(IPropertySymbol property)
        {
            // Asked for every property reference of the type: the backing fields are gathered once.
            if (autoProperties is null)
            {
                autoProperties = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var member in Type.GetMembers())
                {
                    if (member is IFieldSymbol { AssociatedSymbol: IPropertySymbol associated })
                    {
                        autoProperties.Add(associated);
                    }
                }
            }

            return autoProperties.Contains(property);
        }

        /// <summary>The instance field or auto-property of this type that an operation reads or writes through `this`.</summary>
        public ISymbol? MemberOf(IOperation? operation)
        {
            switch (operation)
            {
                case IFieldReferenceOperation field when !field.Field.IsStatic && IsThis(field.Instance):
                    var fieldSymbol = field.Field.OriginalDefinition;
                    return IsOwnInstanceMember(fieldSymbol) ? (ISymbol)(fieldSymbol.AssociatedSymbol as IPropertySymbol ?? (ISymbol)fieldSymbol) : null;
                case IPropertyReferenceOperation property when !property.Property.IsStatic && !property.Property.IsIndexer && IsThis(property.Instance):
                    var propertySymbol = property.Property.OriginalDefinition;
                    return IsOwnInstanceMember(propertySymbol) ? propertySymbol : null;
                default:
                    return null;
            }
        }

        public (ISymbol? Member, string Passing) NativeArgumentMember(IOperation argument)
        {
            // The parameter says how the member was passed; a pointer or IntPtr field is a value even though its type is a struct.
            var refKind = (argument.Parent as IArgumentOperation)?.Parameter?.RefKind;
            argument = Unwrap(argument);
            var passing = "value";
            if (argument is IAddressOfOperation addressOf)
            {
                argument = Unwrap(addressOf.Reference);
                passing = "address";
            }

            var member = MemberOf(argument);
            if (member is null)
            {
                return (null, passing);
            }

            if (passing == "value" && (refKind is RefKind.Ref or RefKind.In or RefKind.Out
                || (refKind is null && MemberType(member) is { IsValueType: true, TypeKind: not (TypeKind.Pointer or TypeKind.FunctionPointer) } valueType
                    && valueType.SpecialType is not (SpecialType.System_IntPtr or SpecialType.System_UIntPtr))))
            {
                passing = "ref";
            }

            return (member, passing);
        }
    }
}
