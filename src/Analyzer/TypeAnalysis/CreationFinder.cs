using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// What the type creates into its own instance members during construction: constructors (and the private or non-virtual
    /// methods they call), field and property initializers, and native locks initialized in memory the type holds.
    /// </summary>
    internal sealed class CreationFinder
    {
        private readonly OwnerScope scope;
        private readonly CreatedValues values;
        private readonly LockCatalog catalog;
        private readonly ImmutableHashSet<INamedTypeSymbol> additional;
        private readonly IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks;

        public CreationFinder(OwnerScope scope)
        {
            this.scope = scope;
            values = new CreatedValues(scope);
            catalog = scope.Catalog;
            additional = scope.Additional;
            blocks = scope.Blocks;
        }

        /// <summary>The primitives the type owns, by the member that holds them.</summary>
        public Dictionary<ISymbol, OwnedLock> Owned { get; } = new Dictionary<ISymbol, OwnedLock>(SymbolEqualityComparer.Default);

        /// <summary>Members the type stores allocated native memory into, with the free that matches the allocation.</summary>
        public Dictionary<ISymbol, string> MemoryAllocations { get; } = new Dictionary<ISymbol, string>(SymbolEqualityComparer.Default);

        /// <summary>Members that point into another member's allocated block (`_cond = _mutex + 64`), with that member.</summary>
        public Dictionary<ISymbol, ISymbol> BlockPointers { get; } = new Dictionary<ISymbol, ISymbol>(SymbolEqualityComparer.Default);

        /// <summary>Members the type assigns null or default somewhere, so a release must tolerate null.</summary>
        public HashSet<ISymbol> NullAssigned { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        /// <summary>Members a constructor or initializer stores a primitive into on every path.</summary>
        public HashSet<ISymbol> UnconditionallyStored { get; } = new HashSet<ISymbol>(SymbolEqualityComparer.Default);

        public void FindCreations()
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
            if (scope.IsOwnMethod(target) && !target.IsStatic && IsThis(invocation.Instance)
                && (target.DeclaredAccessibility == Accessibility.Private || (!target.IsVirtual && !target.IsAbstract && !target.IsOverride)))
            {
                var implementation = target.PartialImplementationPart ?? target.OriginalDefinition;
                work.Enqueue((implementation, "in '" + target.Name + "'"));
                return;
            }

            // _list.Add(new SemaphoreSlim(1)): the type fills its own collection.
            if (invocation.Instance is { } instance && scope.MemberOf(instance) is { } collection && CollectionAddNames.Contains(target.Name)
                && HoldsCollection(MemberType(collection)) is { } holds)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (values.FindCreation(argument.Value, root, 0) is { } created && Fits(created, holds))
                    {
                        AddOwned(collection, created, site, isCollection: true);
                        break;
                    }
                }

                return;
            }

            // SetHandle(memory) in a SafeHandle subclass stores into the inherited `handle` its ReleaseHandle releases.
            if (IsSetHandle(invocation) && scope.SafeHandleField is { } handleField)
            {
                StoreInto(handleField, invocation.Arguments[0].Value, root, site, IsUnconditionalInConstructor(invocation, owner));
                return;
            }

            var native = catalog.GetNativeFunction(target);
            if (native is { Role: NativeRole.InitializeInPlace } && invocation.Arguments.Length > 0)
            {
                var storage = scope.NativeStorage(invocation.Arguments[0].Value);
                var (member, passing) = (storage.Member, storage.Passing);
                if (member is null && Unwrap(invocation.Arguments[0].Value) is ILocalReferenceOperation initializedLocal)
                {
                    // Initialized through a local that the constructor then stores: the member owns the lock.
                    member = MemberStoredFrom(initializedLocal.Local, root);
                }

                if (member is not null)
                {
                    var lockInfo = new OwnedLock(member, invocation, LockKind.NativeInPlace, native.LockName, site, isCollection: false)
                    {
                        Native = native,
                        NativeMethod = target,
                        Passing = passing,
                        StoragePath = storage.Path,
                    };
                    if (!Owned.TryGetValue(member, out var first))
                    {
                        Owned.Add(member, lockInfo);
                    }
                    else if (first.IsNative && !ReferenceEquals(first.Creation, invocation))
                    {
                        // A second lock in the member's memory (`pthread_cond_init(_block + 64)` beside `_block`'s mutex), or
                        // created into it on another platform branch: its own delete is needed.
                        first.AddSibling(lockInfo);
                    }

                    UnconditionallyStored.Add(member);
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

            if (scope.MemberOf(target) is { } member)
            {
                StoreInto(member, value, root, site, unconditional);
                return;
            }

            // _stripes[i] = new SemaphoreSlim(1) fills an array or list the type owns.
            var element = target switch
            {
                IArrayElementReferenceOperation arrayElement => scope.MemberOf(arrayElement.ArrayReference),
                IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance is not null => scope.MemberOf(indexer.Instance),
                _ => null,
            };
            if (element is not null && HoldsCollection(MemberType(element)) is { } holds
                && values.FindCreation(value, root, 0) is { } created && Fits(created, holds))
            {
                AddOwned(element, created, site, isCollection: true);
            }
        }

        private void StoreInto(ISymbol member, IOperation value, IOperation root, string site, bool unconditional)
        {
            if (!scope.IsOwnInstanceMember(member))
            {
                return;
            }

            var unwrapped = Unwrap(value);
            if (unwrapped.ConstantValue is { HasValue: true, Value: null } || unwrapped is IDefaultValueOperation)
            {
                NullAssigned.Add(member);
                return;
            }

            if (unwrapped is IInvocationOperation allocation && catalog.Interop.MemoryFreeFor(allocation.TargetMethod) is { } free)
            {
                MemoryAllocations[member] = free;
                return;
            }

            // var cs = Marshal.AllocHGlobal(n); InitializeCriticalSection(cs); _cs = cs;
            if (unwrapped is ILocalReferenceOperation allocatedLocal
                && LocalValues(allocatedLocal.Local, root).Select(Unwrap).OfType<IInvocationOperation>()
                    .Select(i => catalog.Interop.MemoryFreeFor(i.TargetMethod)).FirstOrDefault(f => f is not null) is { } localFree)
            {
                MemoryAllocations[member] = localFree;
                return;
            }

            if (scope.BlockOf(unwrapped) is { } block && !SymbolEqualityComparer.Default.Equals(block, member))
            {
                BlockPointers[member] = block;
                return;
            }

            var memberType = MemberType(member);
            Creation? created;
            var isCollection = false;
            if (!catalog.IsManagedPrimitive(memberType, additional) && HoldsCollection(memberType) is { } holds)
            {
                created = values.FindCollectionCreation(unwrapped);
                if (created is not null && !Fits(created, holds))
                {
                    created = null;
                }

                isCollection = true;
            }
            else
            {
                created = values.FindCreation(unwrapped, root, 0);
            }

            if (created is null)
            {
                return;
            }

            if (unconditional && created.Unconditional)
            {
                UnconditionallyStored.Add(member);
            }

            AddOwned(member, created, site, isCollection);
        }

        private enum Holding
        {
            /// <summary>Managed primitives or wrappers: released by disposing every element.</summary>
            Locks,

            /// <summary>Native handles (`IntPtr[]`, `List&lt;nint&gt;`): released by closing every element.</summary>
            Handles,
        }

        /// <summary>What a collection-typed member can hold that the type may create; null for any other type.</summary>
        private Holding? HoldsCollection(ITypeSymbol? type)
        {
            if (catalog.LockElementType(type, additional) is not null)
            {
                return Holding.Locks;
            }

            var element = type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                    when named.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) => named.TypeArguments[0],
                _ => null,
            };
            return element?.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr ? Holding.Handles : null;
        }

        /// <summary>A handle collection owns only native handles created into it; a collection of locks only managed ones.</summary>
        private static bool Fits(Creation created, Holding holds) => (created.Kind == LockKind.NativeHandle) == (holds == Holding.Handles);

        private void AddOwned(ISymbol member, Creation created, string site, bool isCollection)
        {
            var lockInfo = new OwnedLock(member, created.Operation, created.Kind, created.Name, site, isCollection)
            {
                Native = created.Native,
                NativeMethod = created.NativeMethod,
                ReleaseMethod = created.ReleaseMethod,
                MayBeNull = isCollection || !created.Unconditional,
            };
            if (!Owned.TryGetValue(member, out var first))
            {
                Owned.Add(member, lockInfo);
            }
            else if (first.IsNative && lockInfo.IsNative && !isCollection && !first.IsCollection && !ReferenceEquals(first.Creation, created.Operation))
            {
                // One handle field, a native lock of another kind on each platform branch (CreateMutexW, pthread_mutex_init).
                first.AddSibling(lockInfo);
            }
        }

        private ISymbol? MemberStoredFrom(ILocalSymbol local, IOperation root)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation assignment when IsLocal(assignment.Value, local) && scope.MemberOf(Unwrap(assignment.Target)) is { } member:
                        return member;
                    case IInvocationOperation invocation when IsSetHandle(invocation) && IsLocal(invocation.Arguments[0].Value, local) && scope.SafeHandleField is { } handle:
                        return handle;
                }
            }

            return null;

            static bool IsLocal(IOperation value, ILocalSymbol local) =>
                Unwrap(value) is ILocalReferenceOperation stored && SymbolEqualityComparer.Default.Equals(stored.Local, local);
        }

        private bool IsSetHandle(IInvocationOperation invocation) =>
            invocation.TargetMethod is { Name: "SetHandle", IsStatic: false, Parameters.Length: 1 } setHandle && IsThis(invocation.Instance)
            && catalog.IsSafeHandle(setHandle.ContainingType);

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
    }
}
