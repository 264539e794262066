using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>What one call on a disposal path does to the owned members: release, delete, free, reset, or hand them to a helper that does.</summary>
    internal sealed partial class ReleaseFinder
    {
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
                if (lockInfo.IsCollection)
                {
                    // A collection is released only by a helper that releases every element of it: CloseAll(_events), DisposeAll(_locks).
                    released = ((released & ParameterRelease.DisposesEach) != 0 ? ParameterRelease.Disposes : ParameterRelease.None)
                        | ((released & ParameterRelease.NativeReleasesEach) != 0 ? ParameterRelease.NativeRelease : ParameterRelease.None);
                }
                else if (!lockInfo.IsNative && (released & ParameterRelease.Disposes) == 0 && OwnBodyReleases(target, argument.Parameter.Ordinal, invocation))
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
    }
}
