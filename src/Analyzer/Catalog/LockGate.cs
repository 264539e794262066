using System.Collections.Immutable;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Catalog
{
    /// <summary>
    /// The question every type of the compilation meets at symbol start: could it own a lock at all? It must stay the
    /// cheapest thing LockLeak does, since ninety-nine types in a hundred end here.
    /// </summary>
    internal sealed class LockGate
    {
        private readonly LockCatalog catalog;
        private readonly AnswerCache<ITypeSymbol, bool> fieldTypes = new AnswerCache<ITypeSymbol, bool>(1024, SymbolEqualityComparer.Default);

        public LockGate(LockCatalog catalog)
        {
            this.catalog = catalog;
        }

        /// <summary>
        /// Can this type own a lock at all? Read from its declarations first, so the great majority of types (no field
        /// that could hold a primitive, a wrapper, a collection of them, a native handle or the memory of a native lock)
        /// cost LockLeak no operation tree, no callback and no allocation beyond this look.
        /// </summary>
        public bool CouldOwnLock(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type.IsStatic)
            {
                return false;
            }

            var hasBaseList = false;
            var askMembers = false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    hasBaseList = true;
                    askMembers = true;
                    continue;
                }

                hasBaseList |= declaration.BaseList is not null;
                switch (LookAt(type, declaration, additional))
                {
                    case Look.Holds:
                        return true;
                    case Look.AskMembers:
                        askMembers = true;
                        break;
                }
            }

            // A SafeHandle subclass needs no field of its own (the lock lives in `handle`), but it needs a base list:
            // types without one are spared the binding of their base type.
            if (hasBaseList && catalog.IsSafeHandle(type))
            {
                return true;
            }

            return askMembers && AnyFieldCouldHoldLock(type, additional);
        }

        private enum Look
        {
            /// <summary>Nothing the declaration stores can hold a lock.</summary>
            Plain,

            /// <summary>A field, or the memory of a fixed-size buffer, that can hold one.</summary>
            Holds,

            /// <summary>The syntax does not say which member to ask (a primary-constructor parameter, an explicit implementation): ask them all.</summary>
            AskMembers,
        }

        /// <summary>
        /// One declaration of the type: an instance field, property or primary-constructor parameter whose declared type
        /// is not a predefined or plain framework type (<see cref="PlainTypeNames"/>, or an array, nullable or type
        /// parameter of one) is looked up by its name, and only its type is asked about. <c>GetMembers()</c> would make the
        /// compiler sort every member of the type by position, work charged to the first asker, for every type with a
        /// field of a type of the compilation. Records, DTOs, plain structs and most services end here unbound.
        /// </summary>
        private Look LookAt(INamedTypeSymbol type, TypeDeclarationSyntax declaration, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            var namesDecide = additional.IsEmpty;
            var look = Look.Plain;
            if (declaration.ParameterList is { } parameters)
            {
                foreach (var parameter in parameters.Parameters)
                {
                    if (!IsPlain(parameter.Type, declaration, namesDecide))
                    {
                        // Stored as a record's property or a class's unspeakable capture field: not found by its name.
                        look = Look.AskMembers;
                        break;
                    }
                }
            }

            foreach (var member in declaration.Members)
            {
                // The type is looked at before the modifiers: most fields and properties are plain, and their modifiers
                // then need no reading.
                var answer = member switch
                {
                    // A fixed-size buffer (`fixed byte _cs[40]`) is the one plain-typed field that can hold a native lock.
                    FieldDeclarationSyntax field when IsPlain(field.Declaration.Type, declaration, namesDecide) =>
                        field.Declaration.Type is PredefinedTypeSyntax && field.Modifiers.Any(SyntaxKind.FixedKeyword) ? Look.Holds : Look.Plain,
                    FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword) => Look.Plain,
                    FieldDeclarationSyntax field when namesDecide && IsPlainNearby(type, field.Declaration.Type, declaration, 0) => Look.Plain,

                    // Every variable of the declaration has its type: the first one answers for all.
                    FieldDeclarationSyntax field => field.Declaration.Variables.Count == 0
                        ? Look.AskMembers
                        : MemberLook(type, field.Declaration.Variables[0].Identifier.ValueText, additional),
                    PropertyDeclarationSyntax property when !IsPlain(property.Type, declaration, namesDecide) && !property.Modifiers.Any(SyntaxKind.StaticKeyword)
                        && !(namesDecide && IsPlainNearby(type, property.Type, declaration, 0)) =>
                        property.ExplicitInterfaceSpecifier is not null ? Look.AskMembers : MemberLook(type, property.Identifier.ValueText, additional),
                    _ => Look.Plain,
                };
                if (answer == Look.Holds)
                {
                    return answer;
                }

                if (answer == Look.AskMembers)
                {
                    look = answer;
                }
            }

            return look;
        }

        /// <summary>
        /// The field or property of that name: can its type hold a lock? Any property counts, not only one with a backing
        /// field; the analysis decides what the type stores. A name that finds neither (half-typed code) asks all members.
        /// </summary>
        private Look MemberLook(INamedTypeSymbol type, string name, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            foreach (var member in type.GetMembers(name))
            {
                var memberType = member switch
                {
                    IFieldSymbol { IsStatic: false } field => field.Type,
                    IPropertySymbol { IsStatic: false } property => property.Type,
                    _ => null,
                };
                if (memberType is not null)
                {
                    return CouldHoldLock(memberType, additional) ? Look.Holds : Look.Plain;
                }
            }

            return Look.AskMembers;
        }

        private bool AnyFieldCouldHoldLock(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && CouldHoldLock(field.Type, additional))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// `int`, `string[]`, `long?`, and, unless lock types are configured by name (which may be any name), `List&lt;T&gt;`
        /// or `DateTime`: never a lock, a handle or a collection of them. `nint` is not a predefined-type keyword and is
        /// not ruled out.
        /// </summary>
        private bool IsPlain(TypeSyntax? syntax, TypeDeclarationSyntax declaration, bool namesDecide) => namesDecide
            ? catalog.PlainNames.IsPlain(syntax, declaration)
            : IsPredefinedValue(syntax);

        /// <summary>
        /// A member type of the compilation named by its syntax: `Customer`, `Repository&lt;Customer&gt;`, `List&lt;Handler&gt;`,
        /// where the names are found next to the type (<see cref="NearbyTypes"/>) as classes without a base list, which
        /// are not disposable, no primitive and no collection (as <see cref="CouldHoldLockCore"/> decides once bound), and
        /// the other names are plain framework ones. Asking the member by name instead makes the compiler build the type's
        /// member table and bind the member's type, charged to the gate, for every type with a field of a type of its own
        /// code base. A name found otherwise, or not at all, is asked as before.
        /// </summary>
        private bool IsPlainNearby(INamedTypeSymbol type, TypeSyntax? syntax, TypeDeclarationSyntax declaration, int depth)
        {
            if (depth > 8)
            {
                return false;
            }

            switch (syntax)
            {
                case NullableTypeSyntax nullable:
                    return IsPlainNearby(type, nullable.ElementType, declaration, depth + 1);
                case ArrayTypeSyntax array:
                    return IsPlainNearby(type, array.ElementType, declaration, depth + 1);
                case IdentifierNameSyntax identifier:
                    return catalog.PlainNames.IsPlain(identifier, declaration) || IsNearbyClassWithoutBaseList(type, identifier.Identifier.ValueText, 0);
                case GenericNameSyntax generic:
                    if (IsNearbyClassWithoutBaseList(type, generic.Identifier.ValueText, generic.TypeArgumentList.Arguments.Count))
                    {
                        return true;
                    }

                    if (!catalog.PlainNames.NamesPlainDefinition(generic, declaration))
                    {
                        return false;
                    }

                    foreach (var argument in generic.TypeArgumentList.Arguments)
                    {
                        if (!IsPlainNearby(type, argument, declaration, depth + 1))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return catalog.PlainNames.IsPlain(syntax, declaration);
            }
        }

        private static bool IsNearbyClassWithoutBaseList(INamedTypeSymbol scope, string name, int arity)
        {
            var found = NearbyTypes.Find(scope, name, arity);
            if (found.IsDefaultOrEmpty)
            {
                return false;
            }

            foreach (var candidate in found)
            {
                if (candidate.TypeKind != TypeKind.Class || !HasNoBaseList(candidate))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsPredefinedValue(TypeSyntax? syntax) => syntax switch
        {
            PredefinedTypeSyntax => true,
            ArrayTypeSyntax array => IsPredefinedValue(array.ElementType),
            NullableTypeSyntax nullable => IsPredefinedValue(nullable.ElementType),
            _ => false,
        };

        private bool CouldHoldLock(ITypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type.SpecialType is not (SpecialType.None or SpecialType.System_IntPtr or SpecialType.System_UIntPtr))
            {
                return false;
            }

            // Field types repeat across a code base (List<string>, a DTO, an options class): answer once per type.
            if (!additional.IsEmpty)
            {
                return CouldHoldLockCore(type, additional);
            }

            return fieldTypes.GetOrCompute(type, this, static (t, gate) => gate.CouldHoldLockCore(t, ImmutableHashSet<INamedTypeSymbol>.Empty));
        }

        private bool CouldHoldLockCore(ITypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (LockCatalog.IsNativeStorage(type))
            {
                return true;
            }

            switch (type)
            {
                case { SpecialType: not SpecialType.None }:
                    return false;
                case { TypeKind: TypeKind.Enum or TypeKind.Delegate or TypeKind.TypeParameter }:
                    return false;
                case INamedTypeSymbol { TypeKind: TypeKind.Class } named when !additional.Contains(named.OriginalDefinition) && HasNoBaseList(named):
                    // A class of this compilation with no base list is not disposable, not a primitive, a SafeHandle or a
                    // collection: ruled out without binding its interfaces and members.
                    return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, catalog.IDisposable) || SymbolEqualityComparer.Default.Equals(type, catalog.IAsyncDisposable))
            {
                return true;
            }

            return catalog.IsManagedPrimitive(type, additional)
                || catalog.IsSafeHandle(type)
                || catalog.GetWrapper(type as INamedTypeSymbol, additional) is not null
                || catalog.LockElementType(type, additional) is not null
                || IsHandleCollection(type);
        }

        /// <summary>An array or list of native handles (`IntPtr[]` of CreateEvent results) may hold kernel objects the type creates.</summary>
        private static bool IsHandleCollection(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr,
            INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named => named.TypeArguments[0].SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr,
            _ => false,
        };

        /// <summary>Is the type declared in source, in declarations none of which has a base list (so its base is object and it implements nothing)?</summary>
        public static bool HasNoBaseList(INamedTypeSymbol type)
        {
            var references = type.OriginalDefinition.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return false;
            }

            foreach (var reference in references)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax { BaseList: null })
                {
                    return false;
                }
            }

            return true;
        }
    }
}
