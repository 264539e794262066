using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using LockLeak.Catalog;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Rules
{
    /// <summary>LCK004: a constructor creates a lock primitive into a local (or discards it) and neither stores nor releases it.</summary>
    /// <remarks>
    /// One callback per constructor. Its creations and static calls are first looked at by binding only the type they
    /// name (speculative binding, which honours aliases and usings); the constructor itself is bound, and its operation
    /// tree built, only when one of them names a lock primitive or a wrapper. Querying the constructor's semantic model
    /// directly would bind the whole body and run nullable analysis on it for every constructor of the compilation.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LockDroppedInConstructorAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.LockDroppedInConstructor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            // Generated code is not analysed (no Analyze flag); ReportDiagnostics spares each diagnostic the driver's
            // generated-code check, which reads every token of its file. Reporting.IsInHiddenCode covers the one case
            // that check would add.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var state = CompilationState.For(start.Compilation);
                if (state.Catalog.IDisposable is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(node => AnalyzeConstructor(node, state), SyntaxKind.ConstructorDeclaration);
            });
        }

        private static void AnalyzeConstructor(SyntaxNodeAnalysisContext context, CompilationState state)
        {
            var constructor = (ConstructorDeclarationSyntax)context.Node;
            SyntaxNode? body = constructor.Body ?? (SyntaxNode?)constructor.ExpressionBody;
            if (body is null || constructor.Modifiers.Any(SyntaxKind.StaticKeyword) || context.ContainingSymbol?.ContainingType is not { } type)
            {
                return;
            }

            var options = state.Options(context.Options, constructor.SyntaxTree);
            var look = new CreationLook(state.Catalog, state.Catalog.AdditionalTypes(options), context.SemanticModel, constructor, type, context.CancellationToken);
            IOperation? root = null;

            // Lambdas and local functions run later, if at all: what they create is not dropped by the constructor.
            foreach (var node in body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is not (BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax) || !look.MayCreateLock(node))
                {
                    continue;
                }

                var creation = context.SemanticModel.GetOperation(node, context.CancellationToken);
                var name = creation is null ? null : state.Catalog.CreatedLockName(creation, look.Additional);
                if (name is null)
                {
                    continue;
                }

                root ??= context.SemanticModel.GetOperation(constructor, context.CancellationToken);
                if (root is null || DroppedLocks.DroppedFate(creation!, root, state.Catalog, options) is not { } fate)
                {
                    continue;
                }

                if (Reporting.IsInHiddenCode(node))
                {
                    continue;
                }

                var location = node.GetLocation();
                if (options.HonorPeerSuppressions && PeerSuppressions.IsSuppressed(fate.Local, context.ContainingSymbol, type, location))
                {
                    continue;
                }

                // A native handle (IntPtr from OpenMutex, CreateEvent...) has no Dispose: its fix closes it in a finally.
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.LockDroppedInConstructor,
                    location,
                    LockFix.ForDroppedLocal(fate.Local?.Name, state.Catalog.NativeHandleRelease(creation!)),
                    type.Name,
                    fate.Local is null ? "a " + name : name + " '" + fate.Local.Name + "'",
                    fate.Local is not null ? "in a local" : fate.Consumer is { } consumer ? "as the argument of '" + consumer.Name + "'" : "as a discarded value"));
            }
        }

        /// <summary>
        /// Where the names of a constructor body mean what they mean in the body, but outside any member: just inside the
        /// type's opening brace. A constructor body declares no type, alias or type parameter; a position in the
        /// constructor itself would make the compiler build the constructor's binder map, for every constructor.
        /// </summary>
        private static int TypeScopePosition(ConstructorDeclarationSyntax constructor) =>
            constructor.Parent is TypeDeclarationSyntax { OpenBraceToken: { IsMissing: false } brace } ? brace.Span.End : constructor.SpanStart;

        /// <summary>
        /// The cheap first look at one creation or call of a constructor: could it create a lock primitive or a wrapper?
        /// Only the type the syntax names is bound, never the statement around it. It may say yes wrongly (the full binding
        /// decides), never no.
        /// </summary>
        private sealed class CreationLook
        {
            private readonly LockCatalog catalog;
            private readonly SemanticModel model;
            private readonly ConstructorDeclarationSyntax constructor;
            private readonly int scopePosition;
            private readonly INamedTypeSymbol constructedType;
            private readonly System.Threading.CancellationToken cancellationToken;

            // Whether a call by simple name may create one, as far as the constructor as a whole says: 0 not asked yet.
            private int simpleCalls;
            private HashSet<string>? localNames;

            public CreationLook(LockCatalog catalog, ImmutableHashSet<INamedTypeSymbol> additional, SemanticModel model, ConstructorDeclarationSyntax constructor, INamedTypeSymbol constructedType, System.Threading.CancellationToken cancellationToken)
            {
                this.catalog = catalog;
                Additional = additional;
                this.model = model;
                this.constructor = constructor;
                scopePosition = TypeScopePosition(constructor);
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
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf:
                        // `nameof(owner)` in `?? throw new ArgumentNullException(nameof(owner))`, the most common call of a
                        // constructor: the operator, unless a method of that name is in scope (then the call decides).
                        return HasUsingStatic(constructor) || MethodNamedInScope(nameOf);
                    case InvocationExpressionSyntax { Expression: SimpleNameSyntax simple }:
                        // Called by simple name, a factory is the constructed type's own (or its base's), or comes
                        // through a `using static` directive of this file; a native creator is a P/Invoke of the
                        // constructed type, its bases or its containing types.
                        return SimpleCallsMayCreate() || CreatorInScope(simple.Identifier.ValueText);
                    default:
                        return false;
                }
            }

            /// <summary>Does the constructed type, a base or a containing type declare any member named like the call (`nameof`)?</summary>
            private bool MethodNamedInScope(InvocationExpressionSyntax call)
            {
                var name = ((IdentifierNameSyntax)call.Expression).Identifier.ValueText;
                for (var type = constructedType; type is not null; type = type.ContainingType)
                {
                    for (var owner = type; owner is not null; owner = owner.BaseType)
                    {
                        if (!owner.GetMembers(name).IsEmpty)
                        {
                            return true;
                        }
                    }
                }

                return false;
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

            /// <summary>
            /// A native handle creator or a factory of the compilation (<see cref="FactoryMethods"/>) of that name: a member
            /// lookup by name and the cached answers for what it finds, no binding.
            /// </summary>
            private bool DeclaresCreator(INamedTypeSymbol type, string name)
            {
                foreach (var member in type.GetMembers(name))
                {
                    // Only a static method returning a handle, a pointer or a class can be either: most calls met here
                    // (Console.WriteLine, string.Join) leave before any attribute of theirs is decoded.
                    if (member is not IMethodSymbol { IsStatic: true, ReturnsVoid: false } method
                        || method.ReturnType.SpecialType is not (SpecialType.None or SpecialType.System_IntPtr or SpecialType.System_UIntPtr))
                    {
                        continue;
                    }

                    if (catalog.GetNativeFunction(method) is { Role: NativeRole.CreateHandle } || catalog.Factories.IsFactory(method, Additional))
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>What every call by simple name of this constructor shares: its type and base, and its file's usings.</summary>
            private bool SimpleCallsMayCreate()
            {
                if (simpleCalls == 0)
                {
                    simpleCalls = IsLockType(constructedType) || IsLockType(constructedType.BaseType) || HasUsingStatic(constructor) ? 1 : 2;
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

                if (LocalNames().Contains(name))
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

            /// <summary>Every name the constructor declares a local, pattern variable or lambda parameter of (lambdas included, to be safe).</summary>
            private HashSet<string> LocalNames()
            {
                if (localNames is null)
                {
                    localNames = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var node in constructor.DescendantNodes())
                    {
                        var declared = node switch
                        {
                            VariableDeclaratorSyntax variable => variable.Identifier,
                            SingleVariableDesignationSyntax designation => designation.Identifier,
                            ForEachStatementSyntax forEach => forEach.Identifier,
                            CatchDeclarationSyntax caught => caught.Identifier,
                            ParameterSyntax parameter => parameter.Identifier,
                            LocalFunctionStatementSyntax function => function.Identifier,
                            _ => default,
                        };
                        if (declared.ValueText is { Length: > 0 } text)
                        {
                            localNames.Add(text);
                        }
                    }
                }

                return localNames;
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

            private static bool HasUsingStatic(SyntaxNode node)
            {
                foreach (var directive in NameLookup.UsingsInScope(node))
                {
                    if (directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword))
                    {
                        return true;
                    }
                }

                return false;
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
            private bool CreatesLockType(TypeSyntax syntax) =>
                syntax is SimpleNameSyntax simple
                    && NearbyTypes.Find(constructedType, simple.Identifier.ValueText, simple is GenericNameSyntax generic ? generic.TypeArgumentList.Arguments.Count : 0) is { IsDefault: false } found
                    ? AnyLockType(found)
                    : IsLockType(NamedType(syntax));

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

            /// <summary>Bound at <see cref="TypeScopePosition"/>, not where the name stands: see there.</summary>
            private INamedTypeSymbol? NamedType(TypeSyntax syntax) =>
                model.GetSpeculativeSymbolInfo(scopePosition, syntax, SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol as INamedTypeSymbol;

            /// <summary>
            /// A type of the compilation without a base list is neither a primitive (its base is object) nor disposable, so
            /// no wrapper: ruled out before the catalog lists its interfaces and members (most constructed types of a code
            /// base, and most types they create).
            /// </summary>
            private bool IsLockType(INamedTypeSymbol? type) =>
                type is not null
                && !(LockGate.HasNoBaseList(type) && (Additional.IsEmpty || !Additional.Contains(type.OriginalDefinition)))
                && catalog.ClassifyCreated(type, Additional) is not null;
        }
    }
}
