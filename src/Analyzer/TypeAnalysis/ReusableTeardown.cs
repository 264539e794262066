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
    /// Decides, per lock, which method of the type's own a new Dispose may call instead of writing a second release
    /// (SPEC: `Release()`, `Close()`, `Shutdown()` or a cleanup method). Only a method whose job is teardown qualifies:
    /// a thread or task body the <see cref="DisposalModel"/> knows, a method the type hands to someone instead of calling
    /// it (a timer callback, an event handler, a method group or a call inside a lambda), a loop, or a method that waits
    /// (in itself or in a helper it calls) is never one. A method that creates the lock again is no teardown either.
    /// When in doubt there is no teardown, and the fix writes the release.
    /// </summary>
    internal static class ReusableTeardown
    {
        public static void Mark(OwnerScope scope, DisposalModel disposal, IEnumerable<OwnedLock> locks)
        {
            // Only a lock some path leaves unreleased is asked about: the type's methods are read for nothing else.
            var pending = locks.Where(l => !l.Escaped && (l.IsNative
                ? l.Native is not null && (!l.NativeDeleted || (l.MemoryFree is not null && !l.MemoryFreed))
                : l.Releases.Count == 0)).ToList();
            if (pending.Count == 0)
            {
                return;
            }

            var candidates = Candidates(scope, disposal).ToList();
            if (candidates.Count == 0)
            {
                return;
            }

            var origins = new ValueOrigins(scope.Catalog);
            foreach (var lockInfo in pending)
            {
                foreach (var (method, operations) in candidates)
                {
                    if (Recreates(scope, operations, lockInfo))
                    {
                        continue;
                    }

                    if (Releases(scope, origins, operations, lockInfo))
                    {
                        lockInfo.Teardown = method;
                        break;
                    }
                }
            }
        }

        /// <summary>The type's own parameterless void methods that are no disposal entry and run no loop, wait or handed-over work, with what each runs.</summary>
        private static IEnumerable<(IMethodSymbol Method, ImmutableArray<IOperation> Operations)> Candidates(OwnerScope scope, DisposalModel disposal)
        {
            HashSet<ISymbol>? handedOver = null;
            foreach (var pair in scope.Blocks)
            {
                if (pair.Key is not IMethodSymbol { IsStatic: false, IsAbstract: false, IsAsync: false, MethodKind: MethodKind.Ordinary, ReturnsVoid: true, Parameters.Length: 0 } method
                    || method.Name is "Dispose" or "DisposeAsync" or "DisposeAsyncCore" or "ReleaseHandle"
                    || disposal.EntryOf(method) != DisposalEntries.None || disposal.IsThreadBody(method)
                    || SymbolEqualityComparer.Default.Equals(method, disposal.Sync) || SymbolEqualityComparer.Default.Equals(method, disposal.Async))
                {
                    continue;
                }

                handedOver ??= HandedOver(scope, disposal);
                if (handedOver.Contains(method.OriginalDefinition))
                {
                    continue;
                }

                var operations = Reached(scope, method);
                if (operations.IsDefault || operations.Any(RunsOrWaits))
                {
                    continue;
                }

                yield return (method, operations);
            }
        }

        /// <summary>
        /// The type's own methods it hands to someone instead of calling: a method group (`new Thread(Run)`,
        /// `timer.Elapsed += OnTick`, `new Timer(Tick)`), or a call inside a lambda or local function (`Task.Run(() => Run())`);
        /// and every method such a method or a thread body calls.
        /// </summary>
        private static HashSet<ISymbol> HandedOver(OwnerScope scope, DisposalModel disposal)
        {
            var handed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var block in scope.Blocks.Values.SelectMany(b => b))
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IMethodReferenceOperation reference when scope.IsOwnMethod(reference.Method):
                            handed.Add(reference.Method.OriginalDefinition);
                            break;
                        case IInvocationOperation invocation when scope.IsOwnMethod(invocation.TargetMethod) && InsideDelegate(invocation):
                            handed.Add(invocation.TargetMethod.OriginalDefinition);
                            break;
                    }
                }
            }

            // What a handed-over method or a thread body calls runs on its thread too: when in doubt, no teardown.
            var work = new Stack<IMethodSymbol>(handed.OfType<IMethodSymbol>().Concat(disposal.ThreadBodies));
            while (work.Count > 0)
            {
                var method = work.Pop();
                if (!scope.Blocks.TryGetValue(method.PartialImplementationPart ?? method.OriginalDefinition, out var blocks))
                {
                    continue;
                }

                foreach (var invocation in blocks.SelectMany(b => b.DescendantsAndSelf()).OfType<IInvocationOperation>())
                {
                    if (scope.IsOwnMethod(invocation.TargetMethod) && handed.Add(invocation.TargetMethod.OriginalDefinition))
                    {
                        work.Push(invocation.TargetMethod.OriginalDefinition);
                    }
                }
            }

            return handed;
        }

        private static bool InsideDelegate(IOperation operation)
        {
            for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every operation the method runs, in itself and in the type's own helpers it calls on this instance; default when a helper cannot be read.</summary>
        private static ImmutableArray<IOperation> Reached(OwnerScope scope, IMethodSymbol method)
        {
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var result = ImmutableArray.CreateBuilder<IOperation>();
            var work = new Stack<IMethodSymbol>();
            work.Push(method);
            while (work.Count > 0)
            {
                var next = work.Pop();
                var key = next.PartialImplementationPart ?? next.OriginalDefinition;
                if (!visited.Add(key))
                {
                    continue;
                }

                if (!scope.Blocks.TryGetValue(key, out var blocks))
                {
                    // A virtual helper overridden elsewhere, or one in metadata: what it does is unknown.
                    return default;
                }

                foreach (var operation in blocks.SelectMany(b => b.DescendantsAndSelf()))
                {
                    result.Add(operation);
                    if (operation is IInvocationOperation invocation && invocation.TargetMethod.MethodKind == MethodKind.Ordinary
                        && scope.IsOwnMethod(invocation.TargetMethod) && (invocation.Instance is null || IsThis(invocation.Instance)))
                    {
                        work.Push(invocation.TargetMethod);
                    }
                }
            }

            return result.ToImmutable();
        }

        /// <summary>A run loop (`while`, `do`, `for (;;)`), an await, or a wait: a body that runs, not a teardown.</summary>
        private static bool RunsOrWaits(IOperation operation) => operation switch
        {
            IWhileLoopOperation => true,
            IForLoopOperation { Condition: null } => true,
            IAwaitOperation => true,
            IInvocationOperation invocation => IsWait(invocation.TargetMethod.Name),
            _ => false,
        };

        /// <summary>Waiting on a primitive, a thread or time: `Wait`, `WaitOne`, `WaitForSingleObject`, `Join`, `Sleep`, entering a lock.</summary>
        private static bool IsWait(string name) =>
            name.StartsWith("Wait", System.StringComparison.Ordinal) || name.StartsWith("Enter", System.StringComparison.Ordinal)
            || name.StartsWith("TryEnter", System.StringComparison.Ordinal) || name is "Join" or "Sleep" or "SpinUntil"
            || name.StartsWith("pthread_mutex_lock", System.StringComparison.Ordinal) || name.StartsWith("pthread_mutex_timedlock", System.StringComparison.Ordinal)
            || name.StartsWith("pthread_cond_wait", System.StringComparison.Ordinal) || name.StartsWith("pthread_cond_timedwait", System.StringComparison.Ordinal)
            || name.StartsWith("AcquireSRWLock", System.StringComparison.Ordinal) || name is "sem_wait" or "sem_timedwait";

        /// <summary>The method stores a new value in the lock's member or initializes it again (`Reset()`): calling it from Dispose would leave a lock behind.</summary>
        private static bool Recreates(OwnerScope scope, ImmutableArray<IOperation> operations, OwnedLock lockInfo)
        {
            foreach (var operation in operations)
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation assignment when !ReleaseConditions.IsNullLike(assignment.Value)
                        && SymbolEqualityComparer.Default.Equals(scope.MemberOf(Unwrap(assignment.Target)), lockInfo.Member):
                        return true;
                    case IInvocationOperation invocation when scope.Catalog.GetNativeFunction(invocation.TargetMethod) is { Role: not NativeRole.Release }
                        && invocation.Arguments.Any(a => SymbolEqualityComparer.Default.Equals(scope.NativeArgumentMember(a.Value).Member, lockInfo.Member)):
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the operations release the lock: its native delete (or, when only the free is missing, the free of its
        /// memory) on its member, or a Dispose/Close of the managed member.
        /// </summary>
        private static bool Releases(OwnerScope scope, ValueOrigins origins, ImmutableArray<IOperation> operations, OwnedLock lockInfo)
        {
            var freeOnly = lockInfo.IsNative && lockInfo.NativeDeleted;
            foreach (var invocation in operations.OfType<IInvocationOperation>())
            {
                var target = invocation.TargetMethod;
                if (!lockInfo.IsNative)
                {
                    if (ReleaseVerbs.IsReleaseCall(target, scope.Options) && invocation.Instance is { } instance
                        && SymbolEqualityComparer.Default.Equals(scope.MemberOf(origins.Of(instance).Source), lockInfo.Member))
                    {
                        return true;
                    }

                    continue;
                }

                var releases = freeOnly
                    ? scope.Catalog.Interop.MemoryFreeName(target) is not null
                    : scope.Catalog.GetNativeFunction(target) is { Role: NativeRole.Release } native && native.ReleaseEntryPoint == lockInfo.Native?.ReleaseEntryPoint;
                if (releases && invocation.Arguments.Any(a => IsMember(scope, origins, a.Value, lockInfo.Member)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsMember(OwnerScope scope, ValueOrigins origins, IOperation argument, ISymbol member) =>
            SymbolEqualityComparer.Default.Equals(scope.NativeArgumentMember(argument).Member ?? scope.MemberOf(origins.Of(argument).Source), member);
    }
}
