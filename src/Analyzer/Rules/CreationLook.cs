using System.Collections.Immutable;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Rules
{
    /// <summary>
    /// The cheap first look at one creation or call of a constructor: could it create a lock primitive or a wrapper?
    /// Only the type the syntax names is bound, never the statement around it. It may say yes wrongly (the full binding
    /// decides), never no.
    /// </summary>
    internal sealed class CreationLook
    {
        private readonly LockCatalog catalog;
        private readonly SemanticModel model;
        private readonly ConstructorDeclarationSyntax constructor;
        private int scopePosition = -1;
        private readonly INamedTypeSymbol constructedType;
        private readonly System.Threading.CancellationToken cancellationToken;

        // Whether a call by simple name may create one, as far as the constructor as a whole says: 0 not asked yet.
        private int simpleCalls;

        // Whether a `using static` directive is in scope of the constructor: 0 not asked yet, 1 yes, 2 no.
        private int usingStatic;
        private readonly ConstructorWalk walk;

        public CreationLook(LockCatalog catalog, ImmutableHashSet<INamedTypeSymbol> additional, SemanticModel model, ConstructorWalk walk, INamedTypeSymbol constructedType, System.Threading.CancellationToken cancellationToken)
        {
            this.catalog = catalog;
            Additional = additional;
            this.model = model;
            this.walk = walk;
            constructor = walk.Constructor;
            this.constructedType = constructedType;
            this.cancellationToken = cancellationToken;
        }

        public ImmutableHashSet<INamedTypeSymbol> Additional { get; }

        public bool MayCreateLock(SyntaxNode node)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case ObjectCreationExpressionSyntax { Type: PredefinedTypeSyntax }:
                    return false;
                case ObjectCreationExpressionSyntax creation:
                    return !IsPlain(creation.Type) && CreatesLockType(creation.Type);
                case ImplicitObjectCreationExpressionSyntax { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: { IsVar: false } declared } } } }:
                    return !IsPlain(declared) && CreatesLockType(declared);
                case ImplicitObjectCreationExpressionSyntax:
                    // Target-typed by an assignment, an argument or a return: only the full binding knows the type.
                    return true;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    // A factory is a static method of the primitive's or wrapper's own type: `Mutex.OpenExisting(...)`;
                    // a native handle comes from a P/Invoke of the receiver type: `NativeMethods.OpenMutex(...)`.
                    return access.Expression is NameSyntax receiver && !IsPlain(receiver) && !IsVariable(receiver) && NamedType(receiver) is { } receiverType
                        && (IsLockType(receiverType) || DeclaresCreator(receiverType, access.Name.Identifier.ValueText));
                case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }:
                    // `nameof(owner)` in `?? throw new ArgumentNullException(nameof(owner))`, the most common call of a
                    // constructor: the operator, unless a method of that name is in scope (then the call decides).
                    return HasUsingStatic() || catalog.DeclaresMemberInScope(constructedType, "nameof");
                case InvocationExpressionSyntax { Expression: SimpleNameSyntax simple }:
                    // Called by simple name, a factory is the constructed type's own (or its base's), or comes
                    // through a `using static` directive of this file; a native creator is a P/Invoke of the
                    // constructed type, its bases or its containing types.
                    return SimpleCallsMayCreate() || CreatorInScope(simple.Identifier.ValueText);
                default:
                    return false;
            }
        }

        private bool CreatorInScope(string name)
        {
            for (var type = constructedType; type is not null; type = type.ContainingType)
            {
                for (var owner = type; owner is not null; owner = owner.BaseType)
                {
                    if (DeclaresCreator(owner, name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool DeclaresCreator(INamedTypeSymbol type, string name) => catalog.DeclaresCreator(type, name, Additional);

        /// <summary>What every call by simple name of this constructor shares: its type and base, and its file's usings.</summary>
        private bool SimpleCallsMayCreate()
        {
            if (simpleCalls == 0)
            {
                simpleCalls = IsLockType(constructedType) || IsLockType(constructedType.BaseType) || HasUsingStatic() ? 1 : 2;
            }

            return simpleCalls == 1;
        }

        /// <summary>
        /// Is the receiver `x` of `x.Name(...)` certainly a variable, not a type: a parameter of the constructor or a
        /// field, property or event of its type, whose own type is named otherwise (`Color Color` would make it either)?
        /// Binding a variable's name as a type makes the compiler search every referenced assembly for a forwarded type
        /// before it gives up; constructors call methods on their parameters and fields all the time. A local of the same
        /// name, which would hide a field, leaves the name to the binding.
        /// </summary>
        private bool IsVariable(NameSyntax receiver)
        {
            if (receiver is not IdentifierNameSyntax identifier)
            {
                return false;
            }

            var name = identifier.Identifier.ValueText;
            foreach (var parameter in constructor.ParameterList.Parameters)
            {
                if (parameter.Identifier.ValueText == name)
                {
                    return parameter.Type is { } declared && NamesOtherType(declared, name);
                }
            }

            if (walk.DeclaresLocal(name))
            {
                return false;
            }

            if (DeclaredMemberType(name) is { } declaredType)
            {
                return NamesOtherType(declaredType, name);
            }

            foreach (var member in constructedType.GetMembers(name))
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    IEventSymbol @event => @event.Type,
                    _ => null,
                };
                return memberType is not null && memberType.Name != name;
            }

            return false;
        }

        /// <summary>
        /// The declared type of a field, property or event of that name in the constructor's own type declaration, read
        /// from its syntax: asking the type's members by name makes the compiler build the type's member table, charged
        /// to LCK004 when it asks first. A member of another part or of a base is not found here (null), and the type is
        /// asked. No other member of the type can share the name (CS0102), and the member hides those of its bases.
        /// </summary>
        private TypeSyntax? DeclaredMemberType(string name)
        {
            if (constructor.Parent is not TypeDeclarationSyntax declaration)
            {
                return null;
            }

            foreach (var member in declaration.Members)
            {
                switch (member)
                {
                    case BaseFieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            if (variable.Identifier.ValueText == name)
                            {
                                return field.Declaration.Type;
                            }
                        }

                        break;
                    case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property when property.Identifier.ValueText == name:
                        return property.Type;
                    case EventDeclarationSyntax { ExplicitInterfaceSpecifier: null } @event when @event.Identifier.ValueText == name:
                        return @event.Type;
                }
            }

            return null;
        }

        /// <summary>Is a variable declared with this type syntax certainly not of a type named <paramref name="name"/> (`Color Color`)? An alias may name any type.</summary>
        private bool NamesOtherType(TypeSyntax declared, string name) =>
            RightmostName(declared) is { } typeName && typeName != name && !catalog.PlainNames.IsAlias(typeName);

        private static string? RightmostName(TypeSyntax type) => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            NullableTypeSyntax nullable => RightmostName(nullable.ElementType),
            PredefinedTypeSyntax => string.Empty,
            ArrayTypeSyntax => string.Empty,
            _ => null,
        };

        /// <summary>Is a `using static` directive in scope of the constructor? Asked once per constructor, by every `nameof` and call by simple name.</summary>
        private bool HasUsingStatic()
        {
            if (usingStatic == 0)
            {
                usingStatic = 2;
                foreach (var directive in NameLookup.UsingsInScope(constructor))
                {
                    if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                    {
                        usingStatic = 1;
                        break;
                    }
                }
            }

            return usingStatic == 1;
        }

        /// <summary>
        /// `new List&lt;IObserver&gt;()`, `Math.Max(...)`, `ArgumentNullException.ThrowIfNull(...)`: ruled out by name, unbound.
        /// The type arguments do not matter: what is created, or called, is the list, whatever it holds.
        /// </summary>
        private bool IsPlain(TypeSyntax syntax) =>
            Additional.IsEmpty && catalog.PlainNames.NamesPlainDefinition(syntax, constructor.Parent as TypeDeclarationSyntax);

        /// <summary>
        /// Does the created type classify as a lock primitive or a wrapper? Its type arguments do not matter (that
        /// depends on the definition and its bases), so a simple name found by name and arity where binding would look
        /// first, nested in the constructed type or a type containing it, or in the namespace that declares it, is
        /// taken from there unbound: speculative binding of `new Repository&lt;Customer&gt;()` built an executable-code
        /// binder and bound the arguments and their constraints, for every creation of a type of the compilation.
        /// Any other name (a using, an alias, a qualified name) is bound as before.
        /// </summary>
        /// <remarks>
        /// A framework primitive's own name (`new SemaphoreSlim(1)`) is taken as one unbound: the full binding decides.
        /// </remarks>
        private bool CreatesLockType(TypeSyntax syntax)
        {
            if (syntax is not SimpleNameSyntax simple)
            {
                return IsLockType(NamedType(syntax));
            }

            if (catalog.CreatorNames.IsPrimitiveName(simple.Identifier.ValueText))
            {
                return true;
            }

            var found = NearbyTypes.Find(constructedType, simple.Identifier.ValueText, simple is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0);
            return found.IsDefault ? IsLockType(NamedType(syntax)) : AnyLockType(found);
        }

        private bool AnyLockType(ImmutableArray<INamedTypeSymbol> types)
        {
            foreach (var type in types)
            {
                if (IsLockType(type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Bound at <see cref="ScopePosition"/>, not where the name stands: see there.</summary>
        private INamedTypeSymbol? NamedType(TypeSyntax syntax) =>
            model.GetSpeculativeSymbolInfo(ScopePosition(), syntax, SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol as INamedTypeSymbol;

        private bool IsLockType(INamedTypeSymbol? type) => catalog.IsCreatedLockType(type, Additional);

        /// <summary>
        /// Where the names of a constructor body mean what they mean in the body, but outside any member: just inside the
        /// type's opening brace. A constructor body declares no type, alias or type parameter; a position in the
        /// constructor itself would make the compiler build the constructor's binder map, for every constructor.
        /// </summary>
        private int ScopePosition()
        {
            if (scopePosition < 0)
            {
                scopePosition = constructor.Parent is TypeDeclarationSyntax { OpenBraceToken: { IsMissing: false } brace } ? brace.Span.End : constructor.SpanStart;
            }

            return scopePosition;
        }
    }
}
