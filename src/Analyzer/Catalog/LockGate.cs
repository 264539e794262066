using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak
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
        /// Can this type own a lock at all? Read from its declarations and member symbols only, so the great majority of
        /// types (no field that could hold a primitive, a wrapper, a collection of them, a native handle or the memory of
        /// a native lock) cost LockLeak no operation tree, no callback and no allocation beyond this look.
        /// </summary>
        public bool CouldOwnLock(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type.IsStatic)
            {
                return false;
            }

            var look = LookAtDeclarations(type, additional.IsEmpty);

            // A SafeHandle subclass needs no field of its own (the lock lives in `handle`), but it needs a base list:
            // types without one are spared the binding of their base type.
            if ((look & DeclarationLook.HasBaseList) != 0 && catalog.IsSafeHandle(type))
            {
                return true;
            }

            if ((look & DeclarationLook.MayHoldLock) == 0)
            {
                return false;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field && CouldHoldLock(field.Type, additional))
                {
                    return true;
                }
            }

            return false;
        }

        [System.Flags]
        private enum DeclarationLook
        {
            None = 0,
            HasBaseList = 1,
            MayHoldLock = 2,
        }

        /// <summary>
        /// The syntax of a type's declarations rules it out before its member symbols are asked for (which makes the
        /// compiler build them, charged to whoever asks first): no declaration has an instance field, property or
        /// primary-constructor parameter whose declared type could be anything but a predefined or plain framework type
        /// (<see cref="PlainTypeNames"/>, or an array, nullable or type parameter of one), and no fixed-size buffer.
        /// Records, DTOs, plain structs and most services end here.
        /// </summary>
        private DeclarationLook LookAtDeclarations(INamedTypeSymbol type, bool namesDecide)
        {
            var look = DeclarationLook.None;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    return DeclarationLook.HasBaseList | DeclarationLook.MayHoldLock;
                }

                if (declaration.BaseList is not null)
                {
                    look |= DeclarationLook.HasBaseList;
                }

                if ((look & DeclarationLook.MayHoldLock) == 0 && MayHoldLock(declaration, namesDecide))
                {
                    look |= DeclarationLook.MayHoldLock;
                }
            }

            return look;
        }

        private bool MayHoldLock(TypeDeclarationSyntax declaration, bool namesDecide)
        {
            if (declaration.ParameterList is { } parameters)
            {
                foreach (var parameter in parameters.Parameters)
                {
                    if (!IsPlain(parameter.Type, declaration, namesDecide))
                    {
                        return true;
                    }
                }
            }

            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case FieldDeclarationSyntax field when !field.Modifiers.Any(SyntaxKind.StaticKeyword) && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                        if (field.Modifiers.Any(SyntaxKind.FixedKeyword) || !IsPlain(field.Declaration.Type, declaration, namesDecide))
                        {
                            return true;
                        }

                        break;
                    case PropertyDeclarationSyntax property when !property.Modifiers.Any(SyntaxKind.StaticKeyword):
                        if (!IsPlain(property.Type, declaration, namesDecide))
                        {
                            return true;
                        }

                        break;
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
                || catalog.LockElementType(type, additional) is not null;
        }

        private static bool HasNoBaseList(INamedTypeSymbol type)
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
