using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak
{
    /// <summary>What a lock-owning creation produces.</summary>
    internal enum LockKind
    {
        /// <summary>A managed primitive (SemaphoreSlim, a WaitHandle, a configured type, a SafeHandle from a native creator).</summary>
        Managed,
        /// <summary>A disposable type of this compilation that itself owns a primitive.</summary>
        Wrapper,
        /// <summary>A native lock initialized in memory the type owns (critical section, pthread object).</summary>
        NativeInPlace,
        /// <summary>A native kernel handle returned as IntPtr/nint (CreateMutex, CreateEvent...).</summary>
        NativeHandle,
    }

    /// <summary>
    /// Well-known symbols and the classification of lock primitives, resolved once per compilation
    /// and shared by every LockLeak analyzer that runs on it.
    /// </summary>
    internal sealed class LockCatalog
    {
        private static readonly string[] ManagedPrimitiveNames =
        {
            "System.Threading.SemaphoreSlim",
            "System.Threading.ReaderWriterLockSlim",
            "System.Threading.ManualResetEventSlim",
            "System.Threading.CountdownEvent",
            "System.Threading.Barrier",
            "System.Threading.WaitHandle",
        };

        private static readonly string[] SlimNames =
        {
            "System.Threading.SemaphoreSlim",
            "System.Threading.ManualResetEventSlim",
            "System.Threading.CountdownEvent",
            "System.Threading.Barrier",
        };

        private readonly ImmutableHashSet<INamedTypeSymbol> managed;
        private readonly ImmutableHashSet<INamedTypeSymbol> slim;
        private readonly ConcurrentDictionary<string, ImmutableHashSet<INamedTypeSymbol>> additionalByOption = new ConcurrentDictionary<string, ImmutableHashSet<INamedTypeSymbol>>(StringComparer.Ordinal);
        private readonly AnswerCache<INamedTypeSymbol, WrapperInfo> wrappers = new AnswerCache<INamedTypeSymbol, WrapperInfo>(4096, SymbolEqualityComparer.Default);
        private readonly AnswerCache<IMethodSymbol, NativeFunction?> nativeMethods = new AnswerCache<IMethodSymbol, NativeFunction?>(4096, SymbolEqualityComparer.Default);
        private readonly AnswerCache<ITypeSymbol, bool> fieldTypes = new AnswerCache<ITypeSymbol, bool>(1024, SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IParameterSymbol, bool> parameterReleasers = new ConcurrentDictionary<IParameterSymbol, bool>(SymbolEqualityComparer.Default);

        private LockCatalog(Compilation compilation)
        {
            Compilation = compilation;
            managed = Resolve(compilation, ManagedPrimitiveNames);
            slim = Resolve(compilation, SlimNames);
            IDisposable = compilation.GetTypeByMetadataName("System.IDisposable");
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            WaitHandle = compilation.GetTypeByMetadataName("System.Threading.WaitHandle");
            Interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
            Marshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            NativeMemory = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeMemory");
            LibraryImportAttribute = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.LibraryImportAttribute");
            IntPtr = compilation.GetSpecialType(SpecialType.System_IntPtr);
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? IDisposable { get; }

        public INamedTypeSymbol? IAsyncDisposable { get; }

        public INamedTypeSymbol? SafeHandle { get; }

        public INamedTypeSymbol? WaitHandle { get; }

        public INamedTypeSymbol? Interlocked { get; }

        public INamedTypeSymbol? Marshal { get; }

        public INamedTypeSymbol? NativeMemory { get; }

        public INamedTypeSymbol? LibraryImportAttribute { get; }

        public INamedTypeSymbol IntPtr { get; }

        public static LockCatalog Create(Compilation compilation) => new LockCatalog(compilation);

        public ImmutableHashSet<INamedTypeSymbol> AdditionalTypes(LockLeakOptions options)
        {
            if (options.AdditionalLockTypes.IsEmpty)
            {
                return ImmutableHashSet<INamedTypeSymbol>.Empty;
            }

            return additionalByOption.GetOrAdd(
                string.Join(",", options.AdditionalLockTypes),
                _ => Resolve(Compilation, options.AdditionalLockTypes));
        }

        /// <summary>True for SemaphoreSlim, a WaitHandle, Mutex, ... and the user's configured types (and types derived from them).</summary>
        public bool IsManagedPrimitive(ITypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                var definition = current.OriginalDefinition;
                if (managed.Contains(definition) || additional.Contains(definition))
                {
                    return true;
                }

                if (current.SpecialType == SpecialType.System_Object)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Can this type own a lock at all? Read from its declarations and member symbols only, so the great majority of
        /// types (no field that could hold a primitive, a wrapper, a collection of them, a native handle or the memory of
        /// a native lock) cost LockLeak no operation tree, no callback and no allocation beyond this look.
        /// </summary>
        public bool CouldOwnLock(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (IsSafeHandle(type))
            {
                return true;
            }

            if (type.IsStatic || !MayDeclareLockField(type))
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

        /// <summary>
        /// The syntax of a type's declarations rules it out before its member symbols are asked for (which makes the
        /// compiler build them, charged to whoever asks first): no declaration has an instance field, property or
        /// primary-constructor parameter whose declared type could be anything but a predefined type (or an array or
        /// nullable of one), and no fixed-size buffer. Records, DTOs and plain structs mostly end here.
        /// </summary>
        private static bool MayDeclareLockField(INamedTypeSymbol type)
        {
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not TypeDeclarationSyntax declaration)
                {
                    return true;
                }

                if (declaration.ParameterList is { } parameters)
                {
                    foreach (var parameter in parameters.Parameters)
                    {
                        if (!IsPredefinedValue(parameter.Type))
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
                            if (field.Modifiers.Any(SyntaxKind.FixedKeyword) || !IsPredefinedValue(field.Declaration.Type))
                            {
                                return true;
                            }

                            break;
                        case PropertyDeclarationSyntax property when !property.Modifiers.Any(SyntaxKind.StaticKeyword):
                            if (!IsPredefinedValue(property.Type))
                            {
                                return true;
                            }

                            break;
                    }
                }
            }

            return false;
        }

        /// <summary>`int`, `string`, `object`, `bool[]`, `long?` ...: never a lock, a handle or a collection of them. `nint` is not a predefined-type keyword and is not ruled out.</summary>
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

            return fieldTypes.GetOrCompute(type, this, static (t, catalog) => catalog.CouldHoldLockCore(t, ImmutableHashSet<INamedTypeSymbol>.Empty));
        }

        private bool CouldHoldLockCore(ITypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            switch (type)
            {
                case IPointerTypeSymbol:
                    return true;
                case { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr }:
                    return true;
                case { SpecialType: not SpecialType.None }:
                    return false;
                case { TypeKind: TypeKind.Enum or TypeKind.Delegate or TypeKind.TypeParameter }:
                    return false;
                case { TypeKind: TypeKind.Struct } when type.Locations.Length > 0 && type.Locations[0].IsInSource:
                    // A CRITICAL_SECTION or pthread_mutex_t declared as a struct of this compilation, initialized in place.
                    return true;
            }

            if (SymbolEqualityComparer.Default.Equals(type, IDisposable) || SymbolEqualityComparer.Default.Equals(type, IAsyncDisposable))
            {
                return true;
            }

            return IsManagedPrimitive(type, additional)
                || IsSafeHandle(type)
                || GetWrapper(type as INamedTypeSymbol, additional) is not null
                || LockElementType(type, additional) is not null;
        }

        /// <summary>
        /// How messages name what an object creation or a static factory call creates, when it is a lock primitive or a
        /// wrapper ("SemaphoreSlim", "StoreLock (which holds SemaphoreSlim '_gate')"); null otherwise.
        /// </summary>
        public string? CreatedLockName(IOperation operation, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            ITypeSymbol? created;
            switch (operation)
            {
                case IObjectCreationOperation creation:
                    created = creation.Type;
                    break;
                case IInvocationOperation { TargetMethod: { IsStatic: true } method }
                    when (IsManagedPrimitive(method.ContainingType, additional) || GetWrapper(method.ContainingType, additional) is not null)
                        && InheritsFrom(method.ReturnType, method.ContainingType.OriginalDefinition):
                    created = method.ReturnType;
                    break;
                default:
                    return null;
            }

            return ClassifyCreated(created, additional)?.Name;
        }

        /// <summary>A managed primitive or a wrapper, and how messages name it; null for anything else.</summary>
        public (LockKind Kind, string Name)? ClassifyCreated(ITypeSymbol? created, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (IsManagedPrimitive(created, additional))
            {
                return (LockKind.Managed, created!.Name);
            }

            return GetWrapper(created as INamedTypeSymbol, additional) is { } wrapper ? (LockKind.Wrapper, wrapper.Describe(created!.Name)) : null;
        }

        public bool IsSlim(ITypeSymbol? type) => type is INamedTypeSymbol named && slim.Contains(named.OriginalDefinition);

        public bool IsSafeHandle(ITypeSymbol? type) => SafeHandle is not null && InheritsFrom(type, SafeHandle);

        public bool IsDisposable(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, IDisposable) || SymbolEqualityComparer.Default.Equals(implemented, IAsyncDisposable))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol baseType)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The element type of an array or a generic collection whose element is a lock primitive or wrapper,
        /// so that a field of that type can own the primitives the type fills it with.
        /// </summary>
        public ITypeSymbol? LockElementType(ITypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            var element = type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named => named.TypeArguments[0],
                _ => null,
            };

            // The element first: most generic fields (List<string>, Task<int>) fail there, before their interfaces are listed.
            if (element is null || !(IsManagedPrimitive(element, additional) || GetWrapper(element as INamedTypeSymbol, additional) is not null))
            {
                return null;
            }

            return type is IArrayTypeSymbol || type!.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                ? element
                : null;
        }

        /// <summary>
        /// A disposable type of this compilation that declares an instance field of a lock primitive type,
        /// or whose constructors call a native lock initializer. One level only: a field of a wrapper
        /// type does not make a wrapper, and neither does an inherited field.
        /// </summary>
        public WrapperInfo? GetWrapper(INamedTypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (type is null || type.TypeKind is not (TypeKind.Class or TypeKind.Struct)
                || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, Compilation.Assembly))
            {
                return null;
            }

            var info = wrappers.GetOrCompute(type.OriginalDefinition, (Catalog: this, Additional: additional), static (t, a) => a.Catalog.ComputeWrapper(t, a.Additional));
            return info.IsWrapper ? info : null;
        }

        private WrapperInfo ComputeWrapper(INamedTypeSymbol type, ImmutableHashSet<INamedTypeSymbol> additional)
        {
            if (!IsDisposable(type) || IsManagedPrimitive(type, additional))
            {
                return WrapperInfo.None;
            }

            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsConst: false } field)
                {
                    var fieldType = field.Type;
                    if (IsManagedPrimitive(fieldType, additional))
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

                    foreach (var imported in NameLookup.StaticImports(Compilation, callee))
                    {
                        if (NativeInitializerAmong(imported, name) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case MemberAccessExpressionSyntax access:
                    foreach (var receiver in NameLookup.Resolve(Compilation, access.Expression, type, callee))
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
                if (member is IMethodSymbol method && GetNativeFunction(method) is { Role: NativeRole.InitializeInPlace or NativeRole.CreateHandle } function)
                {
                    return function;
                }
            }

            return null;
        }

        /// <summary>The native lock function a P/Invoke (DllImport or LibraryImport) binds to, by entry point.</summary>
        public NativeFunction? GetNativeFunction(IMethodSymbol method)
        {
            if (!method.IsStatic)
            {
                return null;
            }

            return nativeMethods.GetOrCompute(method.OriginalDefinition, this, static (m, catalog) => catalog.ComputeNativeFunction(m));
        }

        private NativeFunction? ComputeNativeFunction(IMethodSymbol method)
        {
            // In source only a P/Invoke can be one: extern (DllImport) or a partial definition the interop generator
            // implements (LibraryImport); every other method of the compilation leaves before its attributes are decoded.
            // A LibraryImport compiled into a reference is an ordinary method that keeps the attribute, so those are read.
            var definition = method.PartialDefinitionPart ?? method;
            if (!method.IsExtern && !definition.IsPartialDefinition && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly))
            {
                return null;
            }

            var dllImport = method.GetDllImportData();
            if (dllImport is not null)
            {
                return NativeApi.Find(dllImport.EntryPointName ?? method.Name);
            }

            foreach (var attribute in definition.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass
                    && (SymbolEqualityComparer.Default.Equals(attributeClass, LibraryImportAttribute)
                        || attributeClass.Name is "LibraryImportAttribute" or "DllImportAttribute"))
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "EntryPoint" && named.Value.Value is string entryPoint)
                        {
                            return NativeApi.Find(entryPoint);
                        }
                    }

                    return NativeApi.Find(method.Name);
                }
            }

            return null;
        }

        /// <summary>Marshal.AllocHGlobal / AllocCoTaskMem, NativeMemory.Alloc / AllocZeroed: the free that matches, or null.</summary>
        public string? MemoryFreeFor(IMethodSymbol method)
        {
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, Marshal))
            {
                return method.Name switch
                {
                    "AllocHGlobal" => "Marshal.FreeHGlobal",
                    "AllocCoTaskMem" => "Marshal.FreeCoTaskMem",
                    _ => null,
                };
            }

            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, NativeMemory))
            {
                return method.Name switch
                {
                    "Alloc" or "AllocZeroed" or "AlignedAlloc" => method.Name == "AlignedAlloc" ? "NativeMemory.AlignedFree" : "NativeMemory.Free",
                    _ => null,
                };
            }

            return null;
        }

        /// <summary>Marshal.FreeHGlobal / FreeCoTaskMem, NativeMemory.Free: the full name, or null.</summary>
        public string? MemoryFreeName(IMethodSymbol method)
        {
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, Marshal) && method.Name is "FreeHGlobal" or "FreeCoTaskMem")
            {
                return "Marshal." + method.Name;
            }

            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, NativeMemory) && method.Name is "Free" or "AlignedFree")
            {
                return "NativeMemory." + method.Name;
            }

            return null;
        }

        public bool IsSameCompilation(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);

        /// <summary>
        /// A method of this compilation that releases the parameter at <paramref name="ordinal"/>
        /// (disposes or closes it, or passes it to a native release or free). Read from syntax, cached.
        /// </summary>
        public bool ReleasesParameter(IMethodSymbol method, int ordinal)
        {
            if (ordinal < 0 || ordinal >= method.Parameters.Length || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly))
            {
                return false;
            }

            var definition = method.OriginalDefinition;
            return parameterReleasers.GetOrAdd(definition.Parameters[ordinal], p => ReleasesParameterBySyntax(definition, p.Name));
        }

        private static bool ReleasesParameterBySyntax(IMethodSymbol method, string parameterName)
        {
            foreach (var reference in (method.PartialImplementationPart ?? method).DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation:
                            if (IsReleaseCallOn(invocation, parameterName))
                            {
                                return true;
                            }

                            break;
                        case UsingStatementSyntax { Expression: IdentifierNameSyntax used } when used.Identifier.ValueText == parameterName:
                            return true;
                    }
                }
            }

            return false;
        }

        private static bool IsReleaseCallOn(InvocationExpressionSyntax invocation, string parameterName)
        {
            string? name;
            ExpressionSyntax? receiver;
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    name = access.Name.Identifier.ValueText;
                    receiver = access.Expression;
                    break;
                case MemberBindingExpressionSyntax binding when invocation.Parent is ConditionalAccessExpressionSyntax conditional:
                    name = binding.Name.Identifier.ValueText;
                    receiver = conditional.Expression;
                    break;
                case IdentifierNameSyntax identifier:
                    name = identifier.Identifier.ValueText;
                    receiver = null;
                    break;
                default:
                    return false;
            }

            while (receiver is ParenthesizedExpressionSyntax or CastExpressionSyntax)
            {
                receiver = receiver is ParenthesizedExpressionSyntax parenthesized ? parenthesized.Expression : ((CastExpressionSyntax)receiver).Expression;
            }

            if (receiver is IdentifierNameSyntax target && target.Identifier.ValueText == parameterName && name is "Dispose" or "Close" or "DisposeAsync")
            {
                return true;
            }

            // A native release or a free whose argument is the parameter.
            if (name is "DeleteCriticalSection" or "CloseHandle" or "FreeHGlobal" or "FreeCoTaskMem" or "Free"
                || (name is not null && (name.EndsWith("_destroy", StringComparison.Ordinal) || name == "sem_destroy")))
            {
                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    var expression = argument.Expression;
                    while (expression is CastExpressionSyntax cast)
                    {
                        expression = cast.Expression;
                    }

                    if (expression is IdentifierNameSyntax passed && passed.Identifier.ValueText == parameterName)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ImmutableHashSet<INamedTypeSymbol> Resolve(Compilation compilation, IEnumerable<string> names)
        {
            var builder = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var name in names)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    builder.Add(type);
                }
            }

            return builder.ToImmutable();
        }
    }

    internal sealed class WrapperInfo
    {
        public static readonly WrapperInfo None = new WrapperInfo(null, null);

        public WrapperInfo(string? primitiveName, string? memberName)
        {
            PrimitiveName = primitiveName;
            MemberName = memberName;
        }

        public bool IsWrapper => PrimitiveName is not null;

        /// <summary>What the wrapper holds: "SemaphoreSlim" or "critical section".</summary>
        public string? PrimitiveName { get; }

        public string? MemberName { get; }

        public string Describe(string wrapperName) =>
            MemberName is null
                ? $"{wrapperName} (which holds a {PrimitiveName})"
                : $"{wrapperName} (which holds {PrimitiveName} '{MemberName}')";
    }
}
