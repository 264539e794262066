using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// The type's release paths (Dispose, DisposeAsync, the finalizer, ReleaseHandle, configured release methods) and what
    /// they release, directly or through the type's own methods, each release recorded with the condition that can skip it.
    /// </summary>
    internal sealed class ReleaseFinder
    {
        private readonly OwnerScope scope;
        private readonly ReleaseConditions conditions;
        private readonly INamedTypeSymbol type;
        private readonly LockCatalog catalog;
        private readonly LockLeakOptions options;
        private readonly IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks;
        private readonly Dictionary<ISymbol, OwnedLock> owned;

        public ReleaseFinder(OwnerScope scope, Dictionary<ISymbol, OwnedLock> owned)
        {
            this.scope = scope;
            this.owned = owned;
            conditions = new ReleaseConditions(scope);
            type = scope.Type;
            catalog = scope.Catalog;
            options = scope.Options;
            blocks = scope.Blocks;
        }

        public List<IMethodSymbol> FindReleaseRoots()
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

        private bool IsReleaseRoot(IMethodSymbol method) => ReleaseVerbs.IsReleasePath(method, options, catalog.IsSafeHandle(type));

        public void FindReleases(List<IMethodSymbol> roots)
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
                                if (scope.IsOwnMethod(invocation.TargetMethod) && (invocation.Instance is null || IsThis(invocation.Instance)))
                                {
                                    work.Enqueue((invocation.TargetMethod, root, inherited ?? conditions.ConditionOf(invocation, null)));
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

            if (ReleaseVerbs.IsReleaseCall(target, options))
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
                if (collection is not null && scope.MemberOf(Unwrap(collection)) is { } member && owned.TryGetValue(member, out var lockInfo) && lockInfo.IsCollection
                    && invocation.Arguments.Any(a => Unwrap(a.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && lambda.Body.Descendants().OfType<IInvocationOperation>().Any(i => ReleasesElement(i.TargetMethod, lockInfo))))
                {
                    // Array.ForEach(_events, h => CloseHandle(h)) closes every native handle of the collection.
                    lockInfo.NativeDeleted |= lockInfo.IsNative;
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

                    // The lock of the member this release deletes: by its release and its place (`_block + 64`), when the member holds several.
                    if (member is not null && owned.TryGetValue(member, out var first)
                        && first.Matching(native.ReleaseEntryPoint, scope.NativeStorage(argument.Value).Path) is { } lockInfo)
                    {
                        lockInfo.NativeDeleted = true;
                        lockInfo.Releases.Add(new ReleaseSite(invocation, inherited ?? conditions.ConditionOf(invocation, member), root));
                    }
                }

                return;
            }

            if (catalog.Interop.MemoryFreeName(target) is not null)
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
                var (member, _) = scope.NativeArgumentMember(argument.Value);
                if (member is null || !owned.TryGetValue(member, out var lockInfo) || argument.Parameter is null)
                {
                    continue;
                }

                // Only a method whose body this compilation holds can be seen to release: a helper of another library
                // (SafeDispose(ref _gate), _gate.DisposeQuietly()) may do anything with what it is passed.
                var released = catalog.ParameterReleases.Releases(target, argument.Parameter.Ordinal, options);
                if (released == ParameterRelease.None)
                {
                    continue;
                }

                if (lockInfo.IsNative)
                {
                    if ((released & ParameterRelease.NativeRelease) != 0)
                    {
                        lockInfo.NativeDeleted = true;
                        Record(member, invocation, root, inherited);
                    }

                    // A helper that deletes the lock and frees its memory releases both: NativeLock.Destroy(_cs).
                    if ((released & ParameterRelease.FreesMemory) != 0)
                    {
                        lockInfo.MemoryFreed = true;
                    }
                }
                else if ((released & ParameterRelease.Disposes) != 0)
                {
                    Record(member, invocation, root, inherited);
                }
            }
        }

        /// <summary>The release of one element: Dispose of a managed one, the matching native release (CloseHandle) of a handle.</summary>
        private bool ReleasesElement(IMethodSymbol method, OwnedLock lockInfo) => lockInfo.IsNative
            ? catalog.GetNativeFunction(method) is { Role: NativeRole.Release } native && native.ReleaseEntryPoint == lockInfo.Native?.ReleaseEntryPoint
            : ReleaseVerbs.IsReleaseCall(method, options);

        private void Record(ISymbol member, IOperation release, IMethodSymbol root, ReleaseCondition? inherited)
        {
            if (owned.TryGetValue(member, out var lockInfo))
            {
                lockInfo.Releases.Add(new ReleaseSite(release, inherited ?? conditions.ConditionOf(release, member), root));
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
                        var aliased = LocalValues(local.Local, root).FirstOrDefault(v => scope.MemberOf(Unwrap(v)) is not null || Unwrap(v) is IInvocationOperation);
                        if (aliased is null)
                        {
                            return null;
                        }

                        receiver = aliased;
                        continue;
                    default:
                        // A value of a dictionary of locks (foreach over `_locks.Values`, or `pair.Value` over `_locks`).
                        if (scope.ValuesOf(receiver, viaElement) is { } dictionary)
                        {
                            viaElement = true;
                            return dictionary;
                        }

                        return scope.MemberOf(receiver);
                }
            }

            return null;
        }

        /// <summary>
        /// The member a native release or free acts on, also through a local that aliases it
        /// (var cs = _cs; _cs = IntPtr.Zero; DeleteCriticalSection(cs)) or Interlocked.Exchange(ref _h, IntPtr.Zero).
        /// </summary>
        private (ISymbol? Member, string Passing) NativeReleaseArgumentMember(IOperation argument)
        {
            var result = scope.NativeArgumentMember(argument);
            if (result.Member is null && Unwrap(argument) is ILocalReferenceOperation or IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true })
            {
                return (ReleasedMember(argument, out _), result.Passing);
            }

            return result;
        }
    }
}
