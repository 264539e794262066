using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak
{
    /// <summary>
    /// Works out, for one type, which lock primitives it creates into its own instance members, which of
    /// them its release paths release (and whether only conditionally), which escape to a new owner, and
    /// which its constructors create and drop. Runs only for types in which a creation was seen.
    /// </summary>
    internal sealed class TypeLockAnalysis
    {
        private const int MaxDepth = 4;

        private static readonly ImmutableHashSet<string> CollectionAddNames = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Add", "AddRange", "Push", "Enqueue", "Insert", "TryAdd", "AddOrUpdate", "GetOrAdd", "Register", "Attach", "Track", "Adopt", "Own");

        private readonly INamedTypeSymbol type;
        private readonly LockCatalog catalog;
        private readonly LockLeakOptions options;
        private readonly ImmutableHashSet<INamedTypeSymbol> additional;
        private readonly IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks;
        private readonly Dictionary<ISymbol, OwnedLock> owned = new Dictionary<ISymbol, OwnedLock>(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, string> memoryAllocations = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);
        private HashSet<ISymbol>? autoProperties;
        private readonly HashSet<ISymbol> nullAssigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> unconditionallyStored = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        private TypeLockAnalysis(INamedTypeSymbol type, LockCatalog catalog, LockLeakOptions options, IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks)
        {
            this.type = type;
            this.catalog = catalog;
            this.options = options;
            additional = catalog.AdditionalTypes(options);
            this.blocks = blocks;
        }

        public static TypeLockFacts Analyze(INamedTypeSymbol type, LockCatalog catalog, LockLeakOptions options, IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks)
        {
            var analysis = new TypeLockAnalysis(type, catalog, options, blocks);
            return analysis.Run();
        }

        private TypeLockFacts Run()
        {
            FindCreations();
            var roots = FindReleaseRoots();
            if (owned.Count > 0)
            {
                FindReleases(roots);
                FindEscapes();
            }

            foreach (var entry in owned)
            {
                var member = entry.Key;
                var lockInfo = entry.Value;
                if (lockInfo.Kind == LockKind.NativeInPlace && memoryAllocations.TryGetValue(member, out var free))
                {
                    lockInfo.MemoryFree = free;
                }

                lockInfo.MayBeNull |= nullAssigned.Contains(member) || !unconditionallyStored.Contains(member)
                    || MemberType(member)?.NullableAnnotation == NullableAnnotation.Annotated;
            }

            var locks = owned.Values
                .Where(l => !(options.SlimNeedsWaitHandle && catalog.IsSlim(MemberType(l.Member)) && !ReadsWaitHandle(l.Member)))
                .OrderBy(l => l.Creation.Syntax.SyntaxTree.FilePath, StringComparer.Ordinal)
                .ThenBy(l => l.Creation.Syntax.SpanStart)
                .ToImmutableArray();

            return new TypeLockFacts(locks, ChooseReleaseTarget(roots), roots.Count > 0, catalog.IsDisposable(type), options);
        }

        // ---------------------------------------------------------------- creations

        private void FindCreations()
        {
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var work = new Queue<(ISymbol Owner, string Site)>();
            foreach (var owner in blocks.Keys)
            {
                switch (owner)
                {
                    case IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false }:
                        work.Enqueue((owner, "in its constructor"));
                        break;
                    case IFieldSymbol { IsStatic: false }:
                        work.Enqueue((owner, "in its field initializer"));
                        break;
                    case IPropertySymbol { IsStatic: false }:
                        work.Enqueue((owner, "in its property initializer"));
                        break;
                }
            }

            while (work.Count > 0)
            {
                var (owner, site) = work.Dequeue();
                if (!visited.Add(owner) || !blocks.TryGetValue(owner, out var roots))
                {
                    continue;
                }

                foreach (var root in roots)
                {
                    foreach (var operation in root.DescendantsAndSelf())
                    {
                        switch (operation)
                        {
                            case ISimpleAssignmentOperation assignment:
                                Store(assignment.Target, assignment.Value, root, site, IsUnconditionalInConstructor(assignment, owner));
                                break;
                            case ICoalesceAssignmentOperation coalesce:
                                Store(coalesce.Target, coalesce.Value, root, site, unconditional: false);
                                break;
                            case IDeconstructionAssignmentOperation deconstruction:
                                StoreTuple(deconstruction.Target, deconstruction.Value, root, site, IsUnconditionalInConstructor(deconstruction, owner));
                                break;
                            case IFieldInitializerOperation fieldInitializer:
                                foreach (var field in fieldInitializer.InitializedFields)
                                {
                                    StoreInto(field.AssociatedSymbol is IPropertySymbol auto ? auto : field, fieldInitializer.Value, root, site, unconditional: true);
                                }

                                break;
                            case IPropertyInitializerOperation propertyInitializer:
                                foreach (var property in propertyInitializer.InitializedProperties)
                                {
                                    StoreInto(property, propertyInitializer.Value, root, site, unconditional: true);
                                }

                                break;
                            case IInvocationOperation invocation:
                                OnConstructorInvocation(invocation, root, site, owner, work);
                                break;
                        }
                    }
                }
            }
        }

        private void OnConstructorInvocation(IInvocationOperation invocation, IOperation root, string site, ISymbol owner, Queue<(ISymbol, string)> work)
        {
            var target = invocation.TargetMethod;

            // A private or non-virtual method of the type that a constructor calls runs as part of construction.
            if (IsOwnMethod(target) && !target.IsStatic && IsThis(invocation.Instance)
                && (target.DeclaredAccessibility == Accessibility.Private || (!target.IsVirtual && !target.IsAbstract && !target.IsOverride)))
            {
                var implementation = target.PartialImplementationPart ?? target.OriginalDefinition;
                work.Enqueue((implementation, "in '" + target.Name + "'"));
                return;
            }

            // _list.Add(new SemaphoreSlim(1)): the type fills its own collection.
            if (invocation.Instance is { } instance && MemberOf(instance) is { } collection && CollectionAddNames.Contains(target.Name)
                && catalog.LockElementType(MemberType(collection), additional) is not null)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (FindCreation(argument.Value, root, 0) is { } created)
                    {
                        AddOwned(collection, created, site, isCollection: true);
                        break;
                    }
                }

                return;
            }

            var native = catalog.GetNativeFunction(target);
            if (native is { Role: NativeRole.InitializeInPlace } && invocation.Arguments.Length > 0)
            {
                var (member, passing) = NativeArgumentMember(invocation.Arguments[0].Value);
                if (member is null && Unwrap(invocation.Arguments[0].Value) is ILocalReferenceOperation initializedLocal)
                {
                    // Initialized through a local that the constructor then stores: the member owns the lock.
                    member = MemberStoredFrom(initializedLocal.Local, root);
                }

                if (member is not null)
                {
                    if (!owned.ContainsKey(member))
                    {
                        var lockInfo = new OwnedLock(member, invocation, LockKind.NativeInPlace, native.LockName, site, isCollection: false)
                        {
                            Native = native,
                            NativeMethod = target,
                            Passing = passing,
                        };
                        owned.Add(member, lockInfo);
                    }

                    unconditionallyStored.Add(member);
                }
            }
        }

        private void StoreTuple(IOperation target, IOperation value, IOperation root, string site, bool unconditional)
        {
            target = Unwrap(target);
            value = Unwrap(value);
            if (target is ITupleOperation targets && value is ITupleOperation values && targets.Elements.Length == values.Elements.Length)
            {
                for (var i = 0; i < targets.Elements.Length; i++)
                {
                    if (targets.Elements[i] is ITupleOperation)
                    {
                        StoreTuple(targets.Elements[i], values.Elements[i], root, site, unconditional);
                    }
                    else
                    {
                        Store(targets.Elements[i], values.Elements[i], root, site, unconditional);
                    }
                }
            }
        }

        private void Store(IOperation target, IOperation value, IOperation root, string site, bool unconditional)
        {
            target = Unwrap(target);
            if (target is IDeclarationExpressionOperation)
            {
                return;
            }

            if (MemberOf(target) is { } member)
            {
                StoreInto(member, value, root, site, unconditional);
                return;
            }

            // _stripes[i] = new SemaphoreSlim(1) fills an array or list the type owns.
            var element = target switch
            {
                IArrayElementReferenceOperation arrayElement => MemberOf(arrayElement.ArrayReference),
                IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance is not null => MemberOf(indexer.Instance),
                _ => null,
            };
            if (element is not null && catalog.LockElementType(MemberType(element), additional) is not null
                && FindCreation(value, root, 0) is { } created)
            {
                AddOwned(element, created, site, isCollection: true);
            }
        }

        private void StoreInto(ISymbol member, IOperation value, IOperation root, string site, bool unconditional)
        {
            if (!IsOwnInstanceMember(member))
            {
                return;
            }

            var unwrapped = Unwrap(value);
            if (unwrapped.ConstantValue is { HasValue: true, Value: null } || unwrapped is IDefaultValueOperation)
            {
                nullAssigned.Add(member);
                return;
            }

            if (unwrapped is IInvocationOperation allocation && catalog.MemoryFreeFor(allocation.TargetMethod) is { } free)
            {
                memoryAllocations[member] = free;
                return;
            }

            // var cs = Marshal.AllocHGlobal(n); InitializeCriticalSection(cs); _cs = cs;
            if (unwrapped is ILocalReferenceOperation allocatedLocal
                && LocalValues(allocatedLocal.Local, root).Select(Unwrap).OfType<IInvocationOperation>()
                    .Select(i => catalog.MemoryFreeFor(i.TargetMethod)).FirstOrDefault(f => f is not null) is { } localFree)
            {
                memoryAllocations[member] = localFree;
                return;
            }

            var memberType = MemberType(member);
            Creation? created;
            var isCollection = false;
            if (catalog.LockElementType(memberType, additional) is not null && !catalog.IsManagedPrimitive(memberType, additional))
            {
                created = FindCollectionCreation(unwrapped);
                isCollection = true;
            }
            else
            {
                created = FindCreation(unwrapped, root, 0);
            }

            if (created is null)
            {
                return;
            }

            if (unconditional && created.Unconditional)
            {
                unconditionallyStored.Add(member);
            }

            AddOwned(member, created, site, isCollection);
        }

        private void AddOwned(ISymbol member, Creation created, string site, bool isCollection)
        {
            if (owned.ContainsKey(member))
            {
                return;
            }

            var lockInfo = new OwnedLock(member, created.Operation, created.Kind, created.Name, site, isCollection)
            {
                Native = created.Native,
                NativeMethod = created.NativeMethod,
                ReleaseMethod = created.ReleaseMethod,
                MayBeNull = isCollection || !created.Unconditional,
            };
            owned.Add(member, lockInfo);
        }

        private sealed class Creation
        {
            public Creation(IOperation operation, LockKind kind, string name)
            {
                Operation = operation;
                Kind = kind;
                Name = name;
            }

            public IOperation Operation { get; }

            public LockKind Kind { get; }

            public string Name { get; }

            public bool Unconditional { get; set; } = true;

            public NativeFunction? Native { get; set; }

            public IMethodSymbol? NativeMethod { get; set; }

            public string ReleaseMethod { get; set; } = "Dispose";
        }

        /// <summary>Is <paramref name="value"/> a newly created lock primitive (directly, through a local, ?:, ??, or a local factory)?</summary>
        private Creation? FindCreation(IOperation? value, IOperation root, int depth)
        {
            if (value is null || depth > MaxDepth)
            {
                return null;
            }

            value = Unwrap(value);
            switch (value)
            {
                case IObjectCreationOperation creation:
                    return Classify(creation, creation.Type);
                case IInvocationOperation invocation:
                    return FromInvocation(invocation, depth);
                case IConditionalOperation conditional:
                    return Conditional(FindCreation(conditional.WhenTrue, root, depth + 1) ?? FindCreation(conditional.WhenFalse, root, depth + 1));
                case ICoalesceOperation coalesce:
                    return Conditional(FindCreation(coalesce.WhenNull, root, depth + 1) ?? FindCreation(coalesce.Value, root, depth + 1));
                case ILocalReferenceOperation local:
                    foreach (var assigned in LocalValues(local.Local, root))
                    {
                        if (FindCreation(assigned, root, depth + 1) is { } created)
                        {
                            return created;
                        }
                    }

                    return null;
                default:
                    return null;
            }

            static Creation? Conditional(Creation? created)
            {
                if (created is not null)
                {
                    created.Unconditional = false;
                }

                return created;
            }
        }

        private Creation? Classify(IOperation operation, ITypeSymbol? created)
        {
            if (catalog.ClassifyCreated(created, additional) is not { } classified)
            {
                return null;
            }

            // A wrapper that is only IAsyncDisposable is released with DisposeAsync.
            var asyncOnly = classified.Kind == LockKind.Wrapper && catalog.IDisposable is { } disposable
                && !created!.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default);
            return new Creation(operation, classified.Kind, classified.Name) { ReleaseMethod = asyncOnly ? "DisposeAsync" : "Dispose" };
        }

        private Creation? FromInvocation(IInvocationOperation invocation, int depth)
        {
            var target = invocation.TargetMethod;
            if (target.IsStatic)
            {
                // A factory of the primitive's or wrapper's own type: Mutex.OpenExisting, StoreContext.Create().
                var containing = target.ContainingType;
                if ((catalog.IsManagedPrimitive(containing, additional) || catalog.GetWrapper(containing, additional) is not null)
                    && LockCatalog.InheritsFrom(target.ReturnType, containing.OriginalDefinition))
                {
                    return Classify(invocation, target.ReturnType);
                }

                var native = catalog.GetNativeFunction(target);
                if (native is { Role: NativeRole.CreateHandle })
                {
                    if (catalog.IsSafeHandle(target.ReturnType))
                    {
                        return new Creation(invocation, LockKind.Managed, target.ReturnType.Name) { Native = native, NativeMethod = target };
                    }

                    if (target.ReturnType.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr || target.ReturnType is IPointerTypeSymbol)
                    {
                        return new Creation(invocation, LockKind.NativeHandle, native.LockName) { Native = native, NativeMethod = target };
                    }
                }
            }

            // A local factory: a private or non-virtual method of the type that returns a new primitive.
            if (IsOwnMethod(target) && (target.DeclaredAccessibility == Accessibility.Private || (!target.IsVirtual && !target.IsAbstract && !target.IsOverride))
                && blocks.TryGetValue(target.PartialImplementationPart ?? target.OriginalDefinition, out var factoryBlocks))
            {
                foreach (var factoryRoot in factoryBlocks)
                {
                    foreach (var returned in factoryRoot.DescendantsAndSelf().OfType<IReturnOperation>())
                    {
                        if (returned.ReturnedValue is { } returnedValue && FindCreation(returnedValue, factoryRoot, depth + 1) is { } created)
                        {
                            return new Creation(created.Operation, created.Kind, created.Name)
                            {
                                Unconditional = created.Unconditional,
                                Native = created.Native,
                                NativeMethod = created.NativeMethod,
                                ReleaseMethod = created.ReleaseMethod,
                            };
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>An array initializer, collection expression, collection initializer or LINQ projection that creates primitives.</summary>
        private Creation? FindCollectionCreation(IOperation value)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is IObjectCreationOperation creation && Classify(creation, creation.Type) is { } created)
                {
                    return created;
                }

                if (operation is IInvocationOperation invocation && !ReferenceEquals(operation, value) && invocation.TargetMethod.IsStatic
                    && FromInvocation(invocation, MaxDepth) is { } factory)
                {
                    return factory;
                }
            }

            return null;
        }

        private static IEnumerable<IOperation> LocalValues(ILocalSymbol local, IOperation root)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        var initializer = declarator.GetVariableInitializer();
                        if (initializer is not null)
                        {
                            yield return initializer.Value;
                        }

                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local):
                        yield return assignment.Value;
                        break;
                }
            }
        }

        private (ISymbol? Member, string Passing) NativeArgumentMember(IOperation argument)
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

        /// <summary>
        /// The member a native release or free acts on, also through a local that aliases it
        /// (var cs = _cs; _cs = IntPtr.Zero; DeleteCriticalSection(cs)) or Interlocked.Exchange(ref _h, IntPtr.Zero).
        /// </summary>
        private (ISymbol? Member, string Passing) NativeReleaseArgumentMember(IOperation argument)
        {
            var result = NativeArgumentMember(argument);
            if (result.Member is null && Unwrap(argument) is ILocalReferenceOperation)
            {
                return (ReleasedMember(argument, out _), result.Passing);
            }

            return result;
        }

        private ISymbol? MemberStoredFrom(ILocalSymbol local, IOperation root)
        {
            foreach (var assignment in root.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>())
            {
                if (Unwrap(assignment.Value) is ILocalReferenceOperation stored && SymbolEqualityComparer.Default.Equals(stored.Local, local)
                    && MemberOf(Unwrap(assignment.Target)) is { } member)
                {
                    return member;
                }
            }

            return null;
        }

        private bool IsUnconditionalInConstructor(IOperation operation, ISymbol owner)
        {
            if (owner is not IMethodSymbol { MethodKind: MethodKind.Constructor })
            {
                return false;
            }

            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IConditionalOperation or ILoopOperation or ISwitchOperation or ICatchClauseOperation or IAnonymousFunctionOperation or ILocalFunctionOperation or ITryOperation:
                        return false;
                }
            }

            return true;
        }

        // ---------------------------------------------------------------- releases

        private List<IMethodSymbol> FindReleaseRoots()
        {
            var roots = new List<IMethodSymbol>();
            foreach (var member in type.GetMembers())
            {
                if (member is IMethodSymbol method && IsReleaseRoot(method))
                {
                    roots.Add(method);
                }
            }

            return roots;
        }

        private bool IsReleaseRoot(IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.Destructor)
            {
                return true;
            }

            if (method.IsStatic || method.MethodKind is not (MethodKind.Ordinary or MethodKind.ExplicitInterfaceImplementation))
            {
                return false;
            }

            var name = method.MethodKind == MethodKind.ExplicitInterfaceImplementation && method.ExplicitInterfaceImplementations.Length > 0
                ? method.ExplicitInterfaceImplementations[0].Name
                : method.Name;
            switch (name)
            {
                case "Dispose" when method.Parameters.Length == 0:
                case "Dispose" when method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Boolean:
                case "DisposeAsync" when method.Parameters.Length == 0:
                case "DisposeAsyncCore" when method.Parameters.Length == 0:
                    return true;
                case "ReleaseHandle" when method.IsOverride && catalog.IsSafeHandle(type):
                    return true;
            }

            if (options.ReleaseMethods.Contains(name))
            {
                return true;
            }

            // An override of a protected virtual hook that a base type's Dispose calls (OnDispose, DisposeManagedResources...).
            return method.IsOverride && name.IndexOf("Dispose", StringComparison.Ordinal) >= 0;
        }

        private IMethodSymbol? ChooseReleaseTarget(List<IMethodSymbol> roots)
        {
            IMethodSymbol? Find(Func<IMethodSymbol, bool> predicate) => roots.FirstOrDefault(m => m.Locations.Any(l => l.IsInSource) && predicate(m));

            return Find(m => m.Name == "Dispose" && m.Parameters.Length == 1)
                ?? Find(m => m.MethodKind == MethodKind.Ordinary && m.Name == "Dispose" && m.Parameters.Length == 0)
                ?? Find(m => m.MethodKind == MethodKind.ExplicitInterfaceImplementation && m.ExplicitInterfaceImplementations.Any(i => i.Name == "Dispose"))
                ?? Find(m => m.Name == "DisposeAsyncCore")
                ?? Find(m => m.Name == "DisposeAsync" || (m.MethodKind == MethodKind.ExplicitInterfaceImplementation && m.ExplicitInterfaceImplementations.Any(i => i.Name == "DisposeAsync")))
                ?? Find(m => m.Name == "ReleaseHandle")
                ?? Find(m => m.MethodKind == MethodKind.Destructor)
                ?? Find(_ => true);
        }

        private void FindReleases(List<IMethodSymbol> roots)
        {
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var work = new Queue<(IMethodSymbol Method, IMethodSymbol Root, ReleaseCondition? Condition)>();
            foreach (var root in roots)
            {
                work.Enqueue((root, root, null));
            }

            while (work.Count > 0)
            {
                var (method, root, inherited) = work.Dequeue();
                var key = method.PartialImplementationPart ?? method.OriginalDefinition;
                if (!visited.Add(key) || !blocks.TryGetValue(key, out var methodBlocks))
                {
                    continue;
                }

                foreach (var block in methodBlocks)
                {
                    foreach (var operation in block.DescendantsAndSelf())
                    {
                        switch (operation)
                        {
                            case IInvocationOperation invocation:
                                if (IsOwnMethod(invocation.TargetMethod) && (invocation.Instance is null || IsThis(invocation.Instance)))
                                {
                                    work.Enqueue((invocation.TargetMethod, root, inherited ?? ConditionOf(invocation, null)));
                                }

                                OnReleaseInvocation(invocation, root, inherited);
                                break;
                            case IUsingOperation usingOperation when usingOperation.Resources is { } resources:
                                if (ReleasedMember(resources, out _) is { } usedMember)
                                {
                                    Record(usedMember, usingOperation, root, inherited);
                                }

                                break;
                        }
                    }
                }
            }
        }

        private void OnReleaseInvocation(IInvocationOperation invocation, IMethodSymbol root, ReleaseCondition? inherited)
        {
            var target = invocation.TargetMethod;
            var name = target.Name;

            if (!target.IsStatic && (name is "Dispose" or "Close" or "DisposeAsync" || options.ReleaseMethods.Contains(name)) && target.Parameters.Length == 0)
            {
                if (invocation.Instance is { } instance && ReleasedMember(instance, out var viaElement) is { } member)
                {
                    if (owned.TryGetValue(member, out var lockInfo) && !lockInfo.IsNative && (!lockInfo.IsCollection || viaElement))
                    {
                        Record(member, invocation, root, inherited);
                    }
                }

                return;
            }

            // list.ForEach(x => x.Dispose()) and Array.ForEach(array, x => x.Dispose()).
            if (name == "ForEach")
            {
                var collection = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                if (collection is not null && MemberOf(Unwrap(collection)) is { } member && owned.TryGetValue(member, out var lockInfo) && lockInfo.IsCollection
                    && invocation.Arguments.Any(a => Unwrap(a.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && lambda.Body.Descendants().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name is "Dispose" or "Close")))
                {
                    Record(member, invocation, root, inherited);
                }

                return;
            }

            var native = catalog.GetNativeFunction(target);
            if (native is { Role: NativeRole.Release })
            {
                foreach (var argument in invocation.Arguments)
                {
                    var (member, _) = NativeReleaseArgumentMember(argument.Value);
                    if (member is not null && owned.TryGetValue(member, out var lockInfo) && lockInfo.IsNative
                        && lockInfo.Native?.ReleaseEntryPoint == native.ReleaseEntryPoint)
                    {
                        lockInfo.NativeDeleted = true;
                        Record(member, invocation, root, inherited);
                    }
                }

                return;
            }

            if (catalog.MemoryFreeName(target) is not null)
            {
                foreach (var argument in invocation.Arguments)
                {
                    var (member, _) = NativeReleaseArgumentMember(argument.Value);
                    if (member is not null && owned.TryGetValue(member, out var lockInfo))
                    {
                        lockInfo.MemoryFreed = true;
                    }
                }

                return;
            }

            // A method of this compilation that releases what it is passed: Release(_gate), NativeMethods.Destroy(ref _cs).
            for (var i = 0; i < invocation.Arguments.Length; i++)
            {
                var argument = invocation.Arguments[i];
                var (member, _) = NativeArgumentMember(argument.Value);
                if (member is null || !owned.TryGetValue(member, out var lockInfo) || argument.Parameter is null)
                {
                    continue;
                }

                // A helper of another library, seen by name only: SafeDispose(ref _gate), _gate.DisposeQuietly().
                if (catalog.ReleasesParameter(target, argument.Parameter.Ordinal)
                    || (!lockInfo.IsNative && target.Name.IndexOf("Dispose", StringComparison.Ordinal) >= 0 && !catalog.IsSameCompilation(target)))
                {
                    if (lockInfo.IsNative)
                    {
                        lockInfo.NativeDeleted = true;
                    }

                    Record(member, invocation, root, inherited);
                }
            }
        }

        private void Record(ISymbol member, IOperation release, IMethodSymbol root, ReleaseCondition? inherited)
        {
            if (owned.TryGetValue(member, out var lockInfo))
            {
                lockInfo.Releases.Add(new ReleaseSite(release, inherited ?? ConditionOf(release, member), root));
            }
        }

        /// <summary>
        /// The member a release's receiver denotes: the member itself, a cast of it, Interlocked.Exchange(ref member, null),
        /// the receiver of a ?. on it, a local that aliases it, or (for collections) a foreach variable or element over it.
        /// </summary>
        private ISymbol? ReleasedMember(IOperation receiver, out bool viaElement)
        {
            viaElement = false;
            for (var depth = 0; depth < MaxDepth; depth++)
            {
                receiver = Unwrap(receiver);
                switch (receiver)
                {
                    case IConditionalAccessInstanceOperation:
                        var access = FindConditionalAccess(receiver);
                        if (access is null)
                        {
                            return null;
                        }

                        receiver = access.Operation;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "Exchange" or "CompareExchange" } exchange
                        when SymbolEqualityComparer.Default.Equals(exchange.TargetMethod.ContainingType, catalog.Interlocked) && exchange.Arguments.Length > 0:
                        receiver = exchange.Arguments[0].Value;
                        continue;
                    case IArrayElementReferenceOperation element:
                        viaElement = true;
                        receiver = element.ArrayReference;
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } indexed }:
                        viaElement = true;
                        receiver = indexed;
                        continue;
                    case ILocalReferenceOperation local:
                        if (ForEachOver(local.Local, receiver) is { } loopCollection)
                        {
                            viaElement = true;
                            receiver = loopCollection;
                            continue;
                        }

                        var root = RootOf(receiver);
                        var aliased = LocalValues(local.Local, root).FirstOrDefault(v => MemberOf(Unwrap(v)) is not null || Unwrap(v) is IInvocationOperation);
                        if (aliased is null)
                        {
                            return null;
                        }

                        receiver = aliased;
                        continue;
                    default:
                        return MemberOf(receiver);
                }
            }

            return null;
        }

        private static IOperation? ForEachOver(ILocalSymbol local, IOperation reference)
        {
            for (var current = reference.Parent; current is not null; current = current.Parent)
            {
                if (current is IForEachLoopOperation loop && loop.Locals.Contains(local, SymbolEqualityComparer.Default))
                {
                    return loop.Collection;
                }
            }

            return null;
        }

        private static IConditionalAccessOperation? FindConditionalAccess(IOperation instance)
        {
            for (var current = instance.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access)
                {
                    return access;
                }
            }

            return null;
        }

        // ---------------------------------------------------------------- conditions (LCK005)

        /// <summary>
        /// Null when <paramref name="operation"/> runs on every path of its method, or runs under guards only
        /// (bool/enum tests of the type's own state, null checks of the released member, Interlocked results).
        /// Otherwise the condition, as written, that can skip it.
        /// </summary>
        private ReleaseCondition? ConditionOf(IOperation operation, ISymbol? member)
        {
            var child = operation;
            for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, child):
                        if (!IsGuard(conditional.Condition, member))
                        {
                            var text = Describe(conditional.Condition);
                            return new ReleaseCondition(ReferenceEquals(conditional.WhenFalse, child) ? "!(" + text + ")" : text, conditional, earlyExit: false);
                        }

                        break;
                    case ISwitchCaseOperation or ISwitchExpressionArmOperation:
                        var switchOperation = parent.Parent;
                        var switchValue = switchOperation is ISwitchOperation switchStatement ? switchStatement.Value : (switchOperation as ISwitchExpressionOperation)?.Value;
                        if (switchValue is not null && !IsGuardValue(switchValue, member))
                        {
                            return new ReleaseCondition(Describe(switchValue) + " matches a case", switchOperation!, earlyExit: false);
                        }

                        break;
                    case ICatchClauseOperation:
                        return new ReleaseCondition("an exception is caught", parent.Parent ?? parent, earlyExit: false);
                    case IBlockOperation block:
                        foreach (var statement in block.Operations)
                        {
                            if (ReferenceEquals(statement, child))
                            {
                                break;
                            }

                            if (statement is IConditionalOperation exit && ExitsEarly(exit) && !IsGuard(exit.Condition, member))
                            {
                                return new ReleaseCondition("!(" + Describe(exit.Condition) + ")", exit, earlyExit: true);
                            }
                        }

                        break;
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                }
            }

            return null;
        }

        private static string Describe(IOperation condition)
        {
            var text = condition.Syntax.ToString();
            return text.Length > 80 ? text.Substring(0, 77) + "..." : text;
        }

        private static bool ExitsEarly(IConditionalOperation conditional)
        {
            bool Exits(IOperation? branch) => branch switch
            {
                null => false,
                IReturnOperation or IThrowOperation => true,
                IExpressionStatementOperation { Operation: IThrowOperation } => true,
                IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } => false,
                IBlockOperation block => block.Operations.Length > 0 && Exits(block.Operations[block.Operations.Length - 1]),
                _ => false,
            };

            return Exits(conditional.WhenTrue) || Exits(conditional.WhenFalse);
        }

        private bool IsGuard(IOperation condition, ISymbol? member)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsGuard(not.Operand, member);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or } logical
                    when logical.Type?.SpecialType == SpecialType.System_Boolean:
                    return IsGuard(logical.LeftOperand, member) && IsGuard(logical.RightOperand, member);
                case IBinaryOperation comparison:
                    return IsGuardComparison(comparison.LeftOperand, comparison.RightOperand, member)
                        || IsGuardComparison(comparison.RightOperand, comparison.LeftOperand, member);
                case IIsPatternOperation pattern:
                    return IsGuardValue(pattern.Value, member) || IsNullCheckOf(pattern.Value, member);
                default:
                    return condition.Type?.SpecialType == SpecialType.System_Boolean && IsGuardValue(condition, member);
            }
        }

        private bool IsGuardComparison(IOperation value, IOperation other, ISymbol? member)
        {
            value = Unwrap(value);
            other = Unwrap(other);
            if (IsNullLike(other) && IsNullCheckOf(value, member))
            {
                return true;
            }

            if (IsInterlockedResult(value))
            {
                return true;
            }

            if (value.Type is { } valueType && (valueType.SpecialType == SpecialType.System_Boolean || valueType.TypeKind == TypeKind.Enum))
            {
                return IsGuardValue(value, member);
            }

            // An int disposed/state flag compared with a constant: `if (_disposed != 0) return;`.
            if (other.ConstantValue.HasValue && MemberOf(value) is { } flag && IsFlagName(flag.Name))
            {
                return true;
            }

            return false;
        }

        /// <summary>A bool or enum value of the type's own state, a local or a parameter: disposing, _disposed, IsDisposing, _state.</summary>
        private bool IsGuardValue(IOperation value, ISymbol? member)
        {
            value = Unwrap(value);
            if (value.Type is not { } valueType || !(valueType.SpecialType == SpecialType.System_Boolean || valueType.TypeKind == TypeKind.Enum))
            {
                return false;
            }

            switch (value)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation or ILiteralOperation:
                    return true;
                case IFieldReferenceOperation field:
                    return field.Field.IsStatic || IsThis(field.Instance);
                case IPropertyReferenceOperation property:
                    return property.Property.IsStatic || IsThis(property.Instance);
                case IInvocationOperation invocation:
                    return IsInterlockedResult(invocation);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return IsGuardValue(not.Operand, member);
                default:
                    return false;
            }
        }

        private bool IsInterlockedResult(IOperation value)
        {
            value = Unwrap(value);
            if (value is IInvocationOperation invocation)
            {
                return SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, catalog.Interlocked);
            }

            if (value is ILocalReferenceOperation local)
            {
                return LocalValues(local.Local, RootOf(value)).Any(v => IsInterlockedResult(v));
            }

            return false;
        }

        private bool IsNullCheckOf(IOperation value, ISymbol? member)
        {
            if (member is null)
            {
                return false;
            }

            value = Unwrap(value);
            return SymbolEqualityComparer.Default.Equals(MemberOf(value), member);
        }

        private static bool IsNullLike(IOperation operation)
        {
            operation = Unwrap(operation);
            if (operation is IDefaultValueOperation)
            {
                return true;
            }

            if (operation.ConstantValue.HasValue)
            {
                return operation.ConstantValue.Value is null or 0 or 0L or 0U or 0UL;
            }

            // IntPtr.Zero, nint.Zero.
            return operation is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } };
        }

        private static bool IsFlagName(string name)
        {
            var lower = name.ToLowerInvariant();
            return lower.Contains("dispos") || lower.Contains("closed") || lower.Contains("state") || lower.Contains("released");
        }

        // ---------------------------------------------------------------- escapes

        /// <summary>A member whose value is handed to something that may take ownership is not reported: a false alarm costs more than a miss.</summary>
        private void FindEscapes()
        {
            foreach (var root in blocks.Values.SelectMany(b => b))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is not (IFieldReferenceOperation or IPropertyReferenceOperation) || MemberOf(operation) is not { } member
                        || !owned.TryGetValue(member, out var lockInfo) || lockInfo.Escaped)
                    {
                        continue;
                    }

                    if (Escapes(operation))
                    {
                        lockInfo.Escaped = true;
                    }
                }
            }
        }

        private bool Escapes(IOperation reference)
        {
            var current = reference;
            var parent = current.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                    {
                        return false;
                    }

                    return !invocation.TargetMethod.IsStatic && CollectionAddNames.Contains(invocation.TargetMethod.Name) && invocation.Instance is not null;
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    var target = Unwrap(assignment.Target);
                    return target switch
                    {
                        IFieldReferenceOperation field => field.Field.IsStatic || !IsThis(field.Instance),
                        IPropertyReferenceOperation property => property.Property.IsStatic || !IsThis(property.Instance),
                        _ => false,
                    };
                case IArrayInitializerOperation:
                    return true;
                default:
                    return false;
            }
        }

        private bool ReadsWaitHandle(ISymbol member)
        {
            foreach (var root in blocks.Values.SelectMany(b => b))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is IPropertyReferenceOperation { Property.Name: "AvailableWaitHandle" or "WaitHandle", Instance: { } instance }
                        && SymbolEqualityComparer.Default.Equals(MemberOf(Unwrap(instance)), member))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // ---------------------------------------------------------------- helpers

        private bool IsOwnMethod(IMethodSymbol method) =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type.OriginalDefinition);

        private bool IsOwnInstanceMember(ISymbol member)
        {
            if (member.IsStatic || !SymbolEqualityComparer.Default.Equals(member.ContainingType?.OriginalDefinition, type.OriginalDefinition))
            {
                // SafeHandle.handle is the one inherited field a type owns: its ReleaseHandle releases it.
                return member is IFieldSymbol { Name: "handle", IsStatic: false } inherited && catalog.IsSafeHandle(inherited.ContainingType);
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
                foreach (var member in type.GetMembers())
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
        private ISymbol? MemberOf(IOperation? operation)
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

        private static ITypeSymbol? MemberType(ISymbol member) => member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        private static bool IsThis(IOperation? instance) =>
            instance is null || Unwrap(instance) is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance };

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        private static IOperation RootOf(IOperation operation)
        {
            var current = operation;
            while (current.Parent is not null)
            {
                current = current.Parent;
            }

            return current;
        }
    }
}
