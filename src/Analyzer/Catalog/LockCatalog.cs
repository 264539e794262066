using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.Catalog
{
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

        private LockCatalog(Compilation compilation)
        {
            Compilation = compilation;
            managed = Resolve(compilation, ManagedPrimitiveNames);
            slim = Resolve(compilation, SlimNames);
            IDisposable = compilation.GetTypeByMetadataName("System.IDisposable");
            IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
            SafeHandle = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeHandle");
            Interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
            PlainNames = new PlainTypeNames(compilation);
            Gate = new LockGate(this);
            Wrappers = new WrapperDetector(this);
            Interop = new NativeInterop(compilation);
            NativeCalls = new NativeCallLookup(this);
            ParameterReleases = new ParameterReleases(this);
            Factories = new FactoryMethods(this);
            CreatorNames = new CreatorNames(this);
        }

        /// <summary>The names through which code can create a lock, for LCK004's first look at a constructor's text.</summary>
        public CreatorNames CreatorNames { get; }

        /// <summary>
        /// The names of the managed primitives and of the classes of their namespaces derived from them (Mutex, Semaphore,
        /// the events of System.Threading), and of their static methods that return one (`Mutex.OpenExisting`).
        /// Enumerated once, on first use.
        /// </summary>
        internal (IEnumerable<string> Types, IEnumerable<string> Factories) PrimitiveFactoryNames()
        {
            var none = ImmutableHashSet<INamedTypeSymbol>.Empty;
            var types = new HashSet<string>(StringComparer.Ordinal);
            var factories = new HashSet<string>(StringComparer.Ordinal);
            var namespaces = new HashSet<INamespaceSymbol>(SymbolEqualityComparer.Default);
            foreach (var primitive in managed)
            {
                Add(primitive);
                if (primitive.ContainingNamespace is { } ns && namespaces.Add(ns))
                {
                    foreach (var type in ns.GetTypeMembers())
                    {
                        if (!managed.Contains(type) && IsManagedPrimitive(type, none))
                        {
                            Add(type);
                        }
                    }
                }
            }

            return (types, factories);

            void Add(INamedTypeSymbol type)
            {
                types.Add(type.Name);
                foreach (var member in type.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: true, MethodKind: MethodKind.Ordinary } method && IsManagedPrimitive(method.ReturnType, none))
                    {
                        factories.Add(method.Name);
                    }
                }
            }
        }

        public Compilation Compilation { get; }

        /// <summary>
        /// Does <paramref name="scope"/>, a type containing it or one of their bases declare a member of that name? Each
        /// type answers from its declarations (source) or its metadata, without binding a member; asking the whole
        /// compilation's declaration table instead cost more than the constructors it spared.
        /// </summary>
        public bool DeclaresMemberInScope(INamedTypeSymbol scope, string name)
        {
            for (var type = scope; type is not null; type = type.ContainingType)
            {
                for (var owner = type; owner is not null; owner = owner.BaseType)
                {
                    if (owner.MemberNames.Contains(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        public INamedTypeSymbol? IDisposable { get; }

        public INamedTypeSymbol? IAsyncDisposable { get; }

        public INamedTypeSymbol? SafeHandle { get; }

        public INamedTypeSymbol? Interlocked { get; }

        /// <summary>Framework type names that rule a type out before it is bound.</summary>
        public PlainTypeNames PlainNames { get; }

        /// <summary>Could a type own a lock at all: the question every type meets first.</summary>
        public LockGate Gate { get; }

        public WrapperDetector Wrappers { get; }

        public NativeInterop Interop { get; }

        public ParameterReleases ParameterReleases { get; }

        /// <summary>Finds the native function a call in a body LockLeak reads by syntax reaches.</summary>
        public NativeCallLookup NativeCalls { get; }

        /// <summary>Methods of the compilation, on any type, that always return a newly created primitive.</summary>
        public FactoryMethods Factories { get; }

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
                case IInvocationOperation { TargetMethod: { IsStatic: true } method } when Factories.IsFactory(method, additional):
                    // A factory of the compilation on another type: Throttles.CreateMutexLike().
                    created = method.ReturnType;
                    break;
                case IInvocationOperation { TargetMethod: { IsStatic: true } method } when GetNativeFunction(method) is { Role: NativeRole.CreateHandle } native:
                    // OpenMutex, CreateEvent...: a kernel handle, as an IntPtr or a SafeHandle the marshaller makes.
                    return IsSafeHandle(method.ReturnType) ? method.ReturnType.Name : native.LockName;
                default:
                    return null;
            }

            return ClassifyCreated(created, additional)?.Name;
        }

        /// <summary>The native release of a kernel handle a call returns as IntPtr / nint / a pointer ("CloseHandle"); null otherwise, a SafeHandle included.</summary>
        public string? NativeHandleRelease(IOperation operation) =>
            operation is IInvocationOperation { TargetMethod: { IsStatic: true } method }
                && !IsSafeHandle(method.ReturnType)
                && GetNativeFunction(method) is { Role: NativeRole.CreateHandle } native
                    ? native.ReleaseEntryPoint
                    : null;

        /// <summary>
        /// Is this the type of a creation that makes a lock primitive or a wrapper? A type of the compilation without a
        /// base list is neither a primitive (its base is object) nor disposable, so no wrapper: ruled out before its
        /// interfaces and members are listed (most types a code base creates).
        /// </summary>
        public bool IsCreatedLockType(INamedTypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional) =>
            type is not null
            && !(LockGate.HasNoBaseList(type) && (additional.IsEmpty || !additional.Contains(type.OriginalDefinition)))
            && ClassifyCreated(type, additional) is not null;

        /// <summary>
        /// Does <paramref name="type"/> declare a static method of that name that creates a lock: a native handle creator
        /// or a factory of the compilation (<see cref="FactoryMethods"/>)? A member lookup by name and the cached answers
        /// for what it finds, no binding.
        /// </summary>
        public bool DeclaresCreator(INamedTypeSymbol type, string name, ImmutableHashSet<INamedTypeSymbol> additional)
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

                if (GetNativeFunction(method) is { Role: NativeRole.CreateHandle } || Factories.IsFactory(method, additional))
                {
                    return true;
                }
            }

            return false;
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

        /// <summary>The wrapper a type is, if it is one (<see cref="WrapperDetector"/>).</summary>
        public WrapperInfo? GetWrapper(INamedTypeSymbol? type, ImmutableHashSet<INamedTypeSymbol> additional) => Wrappers.Get(type, additional);

        /// <summary>The native lock function a P/Invoke binds to (<see cref="NativeInterop"/>).</summary>
        public NativeFunction? GetNativeFunction(IMethodSymbol method) => Interop.Function(method);

        public bool IsSlim(ITypeSymbol? type) => type is INamedTypeSymbol named && slim.Contains(named.OriginalDefinition);

        /// <summary>
        /// Could a field of this type be where a native lock lives: a pointer or IntPtr to its memory, or a struct of this
        /// compilation (a CRITICAL_SECTION or pthread_mutex_t initialized in place)? A SafeHandle's `handle` is the one
        /// other place, asked separately since it needs the base types bound.
        /// </summary>
        public static bool IsNativeStorage(ITypeSymbol type) => type switch
        {
            IPointerTypeSymbol or IFunctionPointerTypeSymbol => true,
            { SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } => true,
            { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } => type.Locations.Length > 0 && type.Locations[0].IsInSource,
            _ => false,
        };

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
                INamedTypeSymbol named when HoldsAsValues(named) => named.TypeArguments[1],
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
        /// A dictionary of locks (ToDictionary(k => k, _ => new ReaderWriterLockSlim())) holds them as its values: it is
        /// released through `.Values`. The one decision of that shape, for detection and for the fix's contract.
        /// </summary>
        public static bool HoldsAsValues(ITypeSymbol? type) => type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 2 };

        public bool IsSameCompilation(ISymbol symbol) => SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, Compilation.Assembly);

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
}
