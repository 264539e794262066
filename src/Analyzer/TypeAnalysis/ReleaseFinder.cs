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
    /// Walks each disposal path of the <see cref="DisposalModel"/> in execution order, into the helpers it calls at the
    /// point it calls them, and judges each release by what the same path did before it (SPEC: a release counts only
    /// while the lock is still there): a native delete after the free of the lock's memory or after a reset of its
    /// storage, and a Dispose of a field the path already set to null, release nothing. Releases follow the field's
    /// value (<see cref="ValueOrigins"/>) through locals, patterns, switch arms, `params` arrays, ForEach delegates and
    /// local functions. Each counted release is recorded with the condition that can skip it and the path it is on.
    /// </summary>
    internal sealed class ReleaseFinder
    {
        private readonly OwnerScope scope;
        private readonly ReleaseConditions conditions;
        private readonly LockCatalog catalog;
        private readonly LockLeakOptions options;
        private readonly IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks;
        private readonly Dictionary<ISymbol, OwnedLock> owned;
        private readonly DisposalModel disposal;
        private readonly ValueOrigins origins;
        private readonly TeardownGuards guards;

        public ReleaseFinder(OwnerScope scope, Dictionary<ISymbol, OwnedLock> owned, DisposalModel disposal)
        {
            this.disposal = disposal;
            this.scope = scope;
            this.owned = owned;
            origins = new ValueOrigins(scope.Catalog);
            guards = new TeardownGuards(scope, origins);
            conditions = new ReleaseConditions(scope, origins, owned);
            catalog = scope.Catalog;
            options = scope.Options;
            blocks = scope.Blocks;
        }

        private enum EventKind
        {
            Reset,
            Free,
            Delete,
            Release,
        }

        /// <summary>What a path does to a member, at one point of its execution order.</summary>
        private sealed class PathEvent
        {
            public PathEvent(EventKind kind, ISymbol member, IOperation operation, ImmutableArray<IOperation> calls, bool direct, ReleaseCondition? inherited, OwnedLock? target = null)
            {
                Target = target;
                Kind = kind;
                Member = member;
                Operation = operation;
                Calls = calls;
                Direct = direct;
                Inherited = inherited;
            }

            public EventKind Kind { get; }

            public ISymbol Member { get; }

            public IOperation Operation { get; }

            /// <summary>The calls from the path's root down to the method that holds <see cref="Operation"/>.</summary>
            public ImmutableArray<IOperation> Calls { get; }

            /// <summary>The member is read right here, not through a copy or an exchange taken earlier.</summary>
            public bool Direct { get; }

            public ReleaseCondition? Inherited { get; }

            /// <summary>For a delete: which lock of the member it deletes, when the member holds several (`_block + 64`, one per platform).</summary>
            public OwnedLock? Target { get; }
        }

        public void FindReleases()
        {
            // The path a release goes into first: what it already frees, deletes or resets is what the fix completes.
            var roots = disposal.Roots;
            if (disposal.ReleaseTarget is { } target)
            {
                roots = roots.Remove(target, SymbolEqualityComparer.Default).Insert(0, target);
            }

            foreach (var root in roots.AddRange(disposal.ThreadBodies))
            {
                var events = new List<PathEvent>();
                Walk(root, null, ImmutableArray<IOperation>.Empty, new HashSet<ISymbol>(SymbolEqualityComparer.Default), events);
                Judge(root, events);
            }
        }

        private void Walk(IMethodSymbol method, ReleaseCondition? inherited, ImmutableArray<IOperation> calls, HashSet<ISymbol> visited, List<PathEvent> events)
        {
            var key = method.PartialImplementationPart ?? method.OriginalDefinition;
            if (!visited.Add(key) || !blocks.TryGetValue(key, out var methodBlocks))
            {
                return;
            }

            foreach (var block in methodBlocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    switch (operation.Kind)
                    {
                        case OperationKind.Invocation:
                            var invocation = (IInvocationOperation)operation;
                            OnInvocation(invocation, inherited, calls, events);
                            if (invocation.TargetMethod.MethodKind != MethodKind.LocalFunction && scope.IsOwnMethod(invocation.TargetMethod)
                                && (invocation.Instance is null || IsThis(invocation.Instance)))
                            {
                                // The helper runs here, so what it does comes here in the path's order.
                                Walk(invocation.TargetMethod, inherited ?? conditions.ConditionOf(invocation, null), calls.Add(invocation), visited, events);
                            }

                            break;
                        case OperationKind.Using when operation is IUsingOperation { Resources: { } resources }:
                            Add(events, EventKind.Release, resources, operation, calls, inherited, managedOnly: true);
                            break;
                        case OperationKind.UsingDeclaration when operation is IUsingDeclarationOperation declaration:
                            foreach (var declarator in declaration.DeclarationGroup.Declarations.SelectMany(d => d.Declarators))
                            {
                                if (declarator.GetVariableInitializer() is { } initializer)
                                {
                                    Add(events, EventKind.Release, initializer.Value, operation, calls, inherited, managedOnly: true);
                                }
                            }

                            break;
                        case OperationKind.SimpleAssignment when operation is ISimpleAssignmentOperation assignment
                            && ReleaseConditions.IsNullLike(assignment.Value) && scope.MemberOf(Unwrap(assignment.Target)) is { } reset && owned.ContainsKey(reset):
                            events.Add(new PathEvent(EventKind.Reset, reset, operation, calls, direct: true, inherited));
                            break;
                    }
                }
            }
        }

        private void OnInvocation(IInvocationOperation invocation, ReleaseCondition? inherited, ImmutableArray<IOperation> calls, List<PathEvent> events)
        {
            var target = invocation.TargetMethod;

            if (IsInterlocked(target, "Exchange") && invocation.Arguments.Length == 2 && ReleaseConditions.IsNullLike(invocation.Arguments[1].Value)
                && scope.MemberOf(Unwrap(invocation.Arguments[0].Value)) is { } exchanged && owned.ContainsKey(exchanged))
            {
                events.Add(new PathEvent(EventKind.Reset, exchanged, invocation, calls, direct: true, inherited));
                return;
            }

            if (ReleaseVerbs.IsReleaseCall(target, options))
            {
                if (invocation.Instance is { } instance)
                {
                    Add(events, EventKind.Release, instance, invocation, calls, inherited, managedOnly: true);
                }

                return;
            }

            // list.ForEach(x => x.Dispose()), Array.ForEach(array, x => x.Dispose()), Array.ForEach(array, Release).
            if (target.Name == "ForEach")
            {
                var collection = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                if (collection is not null && invocation.Arguments.Any(a => ReleasesItsParameter(a.Value, invocation)))
                {
                    Add(events, EventKind.Release, collection, invocation, calls, inherited, managedOnly: true, asElement: true);
                }
                else if (collection is not null && Owner(origins.Of(collection)) is { Member: { } handles } && owned.TryGetValue(handles, out var handleList)
                    && handleList.IsNative && handleList.IsCollection && invocation.Arguments.Any(a => ClosesItsParameter(a.Value, handleList)))
                {
                    // Array.ForEach(_events, h => CloseHandle(h)) closes every native handle of the collection.
                    events.Add(new PathEvent(EventKind.Delete, handles, invocation, calls, direct: true, inherited, handleList));
                }

                return;
            }

            // A delegate invoked in place: `Action<SemaphoreSlim> release = s => s.Dispose(); release(_gate);`.
            if (target.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is ILocalReferenceOperation delegateLocal)
            {
                var lambda = LocalValues(delegateLocal.Local, RootOf(invocation)).Select(Unwrap).OfType<IDelegateCreationOperation>().FirstOrDefault();
                for (var i = 0; lambda is not null && i < invocation.Arguments.Length; i++)
                {
                    if (ReleasesParameter(lambda.Target, i, invocation))
                    {
                        Add(events, EventKind.Release, invocation.Arguments[i].Value, invocation, calls, inherited, managedOnly: true);
                    }
                }

                return;
            }

            var native = catalog.GetNativeFunction(target);
            if (native is { Role: NativeRole.Release })
            {
                foreach (var argument in invocation.Arguments)
                {
                    var (member, direct) = NativeMember(argument.Value);
                    if (member is not null && owned.TryGetValue(member, out var first)
                        && first.Matching(native.ReleaseEntryPoint, scope.NativeStorage(argument.Value).Path) is { } lockInfo)
                    {
                        events.Add(new PathEvent(EventKind.Delete, member, invocation, calls, direct, inherited, lockInfo));
                    }
                }

                return;
            }

            if (catalog.Interop.MemoryFreeName(target) is not null)
            {
                foreach (var argument in invocation.Arguments)
                {
                    var (member, direct) = NativeMember(argument.Value);
                    if (member is not null && owned.ContainsKey(member))
                    {
                        events.Add(new PathEvent(EventKind.Free, member, invocation, calls, direct, inherited));
                    }
                }

                return;
            }

            // A method of this compilation that releases what it is passed: Release(_gate), NativeMethods.Destroy(ref _cs),
            // DisposeAll(_a, _b) over `params IDisposable[]`, a local function called with the field or the value exchanged out of it.
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is null)
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && Unwrap(argument.Value) is IArrayCreationOperation { Initializer: { } elements })
                {
                    if (ReleasesParameter(target, argument.Parameter.Ordinal, invocation, element: true))
                    {
                        foreach (var element in elements.ElementValues)
                        {
                            Add(events, EventKind.Release, element, invocation, calls, inherited, managedOnly: true);
                        }
                    }

                    continue;
                }

                var (member, direct) = NativeMember(argument.Value);
                if (member is null || !owned.TryGetValue(member, out var lockInfo))
                {
                    continue;
                }

                var released = catalog.ParameterReleases.Releases(target, argument.Parameter.Ordinal, options);
                if (!lockInfo.IsNative && (released & ParameterRelease.Disposes) == 0 && OwnBodyReleases(target, argument.Parameter.Ordinal, invocation))
                {
                    released |= ParameterRelease.Disposes;
                }

                if (lockInfo.IsNative)
                {
                    if ((released & ParameterRelease.NativeRelease) != 0)
                    {
                        events.Add(new PathEvent(EventKind.Delete, member, invocation, calls, direct, inherited));
                    }

                    // A helper that deletes the lock and frees its memory releases both, in that order: NativeLock.Destroy(_cs).
                    if ((released & ParameterRelease.FreesMemory) != 0)
                    {
                        events.Add(new PathEvent(EventKind.Free, member, invocation, calls, direct, inherited));
                    }
                }
                else if ((released & ParameterRelease.Disposes) != 0)
                {
                    events.Add(new PathEvent(EventKind.Release, member, invocation, calls, direct, inherited));
                }
            }
        }

        private bool IsInterlocked(IMethodSymbol method, string name) =>
            method.Name == name && SymbolEqualityComparer.Default.Equals(method.ContainingType, catalog.Interlocked);

        private void Add(List<PathEvent> events, EventKind kind, IOperation value, IOperation at, ImmutableArray<IOperation> calls, ReleaseCondition? inherited, bool managedOnly, bool asElement = false)
        {
            var (found, viaElement) = Owner(origins.Of(value));
            if (found is not { } member || !owned.TryGetValue(member, out var lockInfo)
                || (managedOnly && lockInfo.IsNative) || (lockInfo.IsCollection && !(viaElement || asElement)))
            {
                return;
            }

            events.Add(new PathEvent(kind, member, at, calls, origins.Of(value).Direct, inherited));
        }

        /// <summary>
        /// The own member a value comes from, and whether it is an element of it: the member itself, or the dictionary
        /// of locks behind `_locks.Values` or a `pair.Value` of a foreach over `_locks`.
        /// </summary>
        private (ISymbol? Member, bool ViaElement) Owner(ValueOrigin origin) =>
            scope.MemberOf(origin.Source) is { } member ? (member, origin.ViaElement)
                : scope.ValuesOf(origin.Source, origin.ViaElement) is { } dictionary ? (dictionary, true)
                : (null, false);

        /// <summary>A lambda passed to ForEach over native handles that closes its parameter with the collection's own release.</summary>
        private bool ClosesItsParameter(IOperation argument, OwnedLock handles) =>
            Unwrap(argument) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } && lambda.Symbol.Parameters.Length == 1
            && lambda.Body.Descendants().OfType<IInvocationOperation>().Any(call =>
                catalog.GetNativeFunction(call.TargetMethod) is { Role: NativeRole.Release } release && release.ReleaseEntryPoint == handles.Native?.ReleaseEntryPoint
                && call.Arguments.Any(a => SymbolEqualityComparer.Default.Equals(origins.Of(a.Value).Parameter, lambda.Symbol.Parameters[0])));

        /// <summary>The member a native release or free acts on (its storage, a path into it, a copy, an exchanged value), and whether it is read right there.</summary>
        private (ISymbol? Member, bool Direct) NativeMember(IOperation argument)
        {
            var storage = scope.NativeArgumentMember(argument);
            if (storage.Member is not null)
            {
                return (storage.Member, true);
            }

            var origin = origins.Of(argument);
            return (Owner(origin).Member, origin.Direct);
        }

        /// <summary>A lambda or method group passed to ForEach that releases its parameter.</summary>
        private bool ReleasesItsParameter(IOperation argument, IOperation at) =>
            Unwrap(argument) is IDelegateCreationOperation creation && ReleasesParameter(creation.Target, 0, at);

        private bool ReleasesParameter(IOperation target, int ordinal, IOperation at) => target switch
        {
            IAnonymousFunctionOperation lambda => ordinal < lambda.Symbol.Parameters.Length && BodyReleases(lambda.Body, lambda.Symbol.Parameters[ordinal], element: false),
            IMethodReferenceOperation reference => ReleasesParameter(reference.Method, ordinal, at, element: false),
            _ => false,
        };

        private bool ReleasesParameter(IMethodSymbol method, int ordinal, IOperation at, bool element)
        {
            if (OwnBodyReleases(method, ordinal, at, element))
            {
                return true;
            }

            return !element && (catalog.ParameterReleases.Releases(method, ordinal, options) & ParameterRelease.Disposes) != 0;
        }

        /// <summary>The body of a method of this type or of a local function releases its parameter (each element of it, for a params array).</summary>
        private bool OwnBodyReleases(IMethodSymbol method, int ordinal, IOperation at, bool element = false)
        {
            if (ordinal >= method.Parameters.Length)
            {
                return false;
            }

            var parameter = method.Parameters[ordinal];
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                var local = RootOf(at).DescendantsAndSelf().OfType<ILocalFunctionOperation>().FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method.OriginalDefinition));
                return local?.Body is { } body && BodyReleases(body, local.Symbol.Parameters[ordinal], element);
            }

            var key = method.PartialImplementationPart ?? method.OriginalDefinition;
            return scope.IsOwnMethod(method) && blocks.TryGetValue(key, out var bodies)
                && bodies.Any(b => BodyReleases(b, key.Parameters[ordinal], element));
        }

        private bool BodyReleases(IOperation body, IParameterSymbol parameter, bool element)
        {
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { Instance: { } instance } invocation && ReleaseVerbs.IsReleaseCall(invocation.TargetMethod, options))
                {
                    var origin = origins.Of(instance);
                    if (SymbolEqualityComparer.Default.Equals(origin.Parameter, parameter) && origin.ViaElement == element)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Counts each release of the path that runs while the lock is still there, and remembers why the others do not
        /// (and where the path already frees, deletes or resets, for the fix).
        /// </summary>
        private void Judge(IMethodSymbol root, List<PathEvent> events)
        {
            // What a thread or task body frees is no teardown the fix completes.
            var teardown = disposal.Roots.Contains(root, SymbolEqualityComparer.Default);
            for (var i = 0; i < events.Count; i++)
            {
                var current = events[i];
                var lockInfo = current.Target ?? owned[current.Member];
                switch (current.Kind)
                {
                    case EventKind.Reset:
                        foreach (var held in owned[current.Member].InMember)
                        {
                            held.ExistingReset ??= current.Operation;
                            if (teardown)
                            {
                                TeardownStep.Record(held.Resets, current.Operation, via: null, Guard(current, root, held, via: null));
                            }
                        }

                        continue;
                    case EventKind.Free:
                        // The block holds every lock of the member: its free frees the memory of each.
                        var via = Via(current);
                        foreach (var held in owned[current.Member].InMember)
                        {
                            held.MemoryFreed = true;
                            held.ExistingFree ??= current.Operation;
                            if (teardown)
                            {
                                TeardownStep.Record(held.Frees, current.Operation, via, Guard(current, root, held, via));
                            }
                        }

                        // A lock another member points into (`_cond = _mutex + 64`) is freed with the block: its delete goes before this free, on its own storage.
                        foreach (var inBlock in owned.Values.SelectMany(l => l.InMember).Where(l => SymbolEqualityComparer.Default.Equals(l.Block, current.Member)))
                        {
                            if (teardown)
                            {
                                TeardownStep.Record(inBlock.Frees, current.Operation, via: null, Guard(current, root, inBlock, via: null));
                            }
                        }

                        continue;
                }

                var late = LateRelease.None;
                IOperation? before = null;
                for (var j = 0; j < i && late == LateRelease.None; j++)
                {
                    var earlier = events[j];
                    // The free of the block another member points into (`_cond = _mutex + 64`) frees this lock's memory too.
                    var blockFreed = current.Kind == EventKind.Delete && earlier.Kind == EventKind.Free && SymbolEqualityComparer.Default.Equals(lockInfo.Block, earlier.Member);
                    if ((!SymbolEqualityComparer.Default.Equals(earlier.Member, current.Member) && !blockFreed) || !Precedes(earlier, current))
                    {
                        continue;
                    }

                    if (current.Kind == EventKind.Delete && earlier.Kind == EventKind.Free)
                    {
                        late = LateRelease.DeleteAfterFree;
                    }
                    else if (earlier.Kind == EventKind.Reset && current.Direct)
                    {
                        late = current.Kind == EventKind.Delete ? LateRelease.DeleteAfterReset : LateRelease.DisposeAfterReset;
                        before = earlier.Operation;
                    }
                }

                if (late != LateRelease.None)
                {
                    if (lockInfo.Late == LateRelease.None)
                    {
                        lockInfo.Late = late;
                        lockInfo.LateAt = current.Operation;
                        lockInfo.LateReset = before;
                    }

                    TeardownStep.Record(lockInfo.Lates, current.Operation, via: null, TeardownGuard.None);
                    continue;
                }

                if (current.Kind == EventKind.Delete)
                {
                    lockInfo.NativeDeleted = true;
                    lockInfo.ExistingDelete ??= current.Operation;
                    if (teardown)
                    {
                        var deleteVia = Via(current);
                        TeardownStep.Record(lockInfo.Deletes, current.Operation, deleteVia, Guard(current, root, lockInfo, deleteVia));
                    }
                }

                lockInfo.Releases.Add(new ReleaseSite(current.Operation, current.Inherited ?? conditions.ConditionOf(current.Operation, current.Member), root));
            }
        }

        /// <summary>What keeps a second run of the path from the step, judged in the method that holds it.</summary>
        private TeardownGuard Guard(PathEvent step, IMethodSymbol root, OwnedLock lockInfo, string? via) =>
            guards.Of(step.Operation, !step.Calls.IsEmpty && step.Calls[step.Calls.Length - 1] is IInvocationOperation call ? call.TargetMethod : root, lockInfo, via);

        /// <summary>The local a free or delete reaches the member through (a copy, or the value exchanged out of it); null when it reads the member.</summary>
        private string? Via(PathEvent step)
        {
            if (step.Direct || step.Operation is not IInvocationOperation invocation)
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = Unwrap(argument.Value);
                if (value is IAddressOfOperation addressOf)
                {
                    value = Unwrap(addressOf.Reference);
                }

                if (value is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(NativeMember(argument.Value).Member, step.Member))
                {
                    return local.Local.Name;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="earlier"/> runs before <paramref name="later"/> on some run of the path: it comes first in
        /// the path's order, is not on a branch exclusive with it, and its own branch does not return before reaching it.
        /// </summary>
        private static bool Precedes(PathEvent earlier, PathEvent later)
        {
            var depth = 0;
            while (depth < earlier.Calls.Length && depth < later.Calls.Length && ReferenceEquals(earlier.Calls[depth], later.Calls[depth]))
            {
                depth++;
            }

            var first = depth < earlier.Calls.Length ? earlier.Calls[depth] : earlier.Operation;
            var second = depth < later.Calls.Length ? later.Calls[depth] : later.Operation;
            if (ReferenceEquals(first, second) || first.Syntax.SyntaxTree != second.Syntax.SyntaxTree
                || first.Syntax.SpanStart >= second.Syntax.SpanStart || first.Syntax.Span.Contains(second.Syntax.Span) || second.Syntax.Span.Contains(first.Syntax.Span))
            {
                return false;
            }

            // The nearest operation holding both, and the child of it on each side.
            var ancestors = new HashSet<IOperation>();
            for (var node = first; node is not null; node = node.Parent)
            {
                ancestors.Add(node);
            }

            IOperation? secondChild = second;
            var common = second.Parent;
            while (common is not null && !ancestors.Contains(common))
            {
                secondChild = common;
                common = common.Parent;
            }

            if (common is null || ReferenceEquals(common, first))
            {
                return false;
            }

            IOperation firstChild = first;
            while (firstChild.Parent is { } parent && !ReferenceEquals(parent, common))
            {
                firstChild = parent;
            }

            switch (common)
            {
                case IConditionalOperation conditional when !ReferenceEquals(firstChild, conditional.Condition) && !ReferenceEquals(secondChild, conditional.Condition):
                case ISwitchOperation:
                case ISwitchExpressionOperation:
                case ITryOperation when firstChild is ICatchClauseOperation || secondChild is ICatchClauseOperation:
                    return false;
            }

            // A branch that returns or throws after the earlier event leaves before it reaches the later one.
            foreach (var exit in firstChild.DescendantsAndSelf())
            {
                if (exit.Kind is OperationKind.Return or OperationKind.Throw or OperationKind.YieldBreak && exit.Syntax.SpanStart > first.Syntax.SpanStart)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
