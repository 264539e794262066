using System.Collections.Generic;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// Members whose primitive is handed to a new owner, which LockLeak then does not report. Only SPEC's sinks are a
    /// hand-over: a collection or composite disposable that is itself released, another object's constructor that stores
    /// it, another object's field or property, a SafeHandle constructed with ownsHandle: true. Passing the primitive to a
    /// method (WaitHandle.WaitAll, SignalAndWait, ThreadPool.RegisterWaitForSingleObject), putting it into a temporary array
    /// for such a call, reading its WaitHandle or capturing it in a lambda is use: the type stays the owner.
    /// </summary>
    internal sealed class EscapeFinder
    {
        private readonly OwnerScope scope;
        private readonly Dictionary<ISymbol, OwnedLock> owned;
        private readonly Dictionary<ISymbol, bool> releasedMembers = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        public EscapeFinder(OwnerScope scope, Dictionary<ISymbol, OwnedLock> owned)
        {
            this.scope = scope;
            this.owned = owned;
        }

        /// <summary>A member whose value is handed to something that may take ownership is not reported: a false alarm costs more than a miss.</summary>
        public void FindEscapes()
        {
            foreach (var root in scope.Blocks.Values.SelectMany(b => b))
            {
                foreach (var operation in root.DescendantsAndSelf())
                {
                    if (operation is not (IFieldReferenceOperation or IPropertyReferenceOperation) || scope.MemberOf(operation) is not { } member
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
            var (current, parent) = Outermost(reference);
            switch (parent)
            {
                case IArgumentOperation { Parent: IObjectCreationOperation creation } argument:
                    return ConstructorTakesOwnership(creation, argument);
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    return argument.Parameter?.RefKind is not (RefKind.Ref or RefKind.Out)
                        && (AddsToReleasedCollection(invocation) || (IsCompositeFactory(invocation, argument) && ContainerEscapes(invocation, 1)));
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return IsOtherObjectsMember(assignment.Target);
                case IArrayInitializerOperation initializer:
                    // An element of an array: the array's fate decides, and a temporary array for a wait is use.
                    return initializer.Parent is IArrayCreationOperation array && ContainerEscapes(array, 0);
                default:
                    return false;
            }
        }

        /// <summary>Where a new array or collection holding the primitive goes: only a sink that owns it is a hand-over.</summary>
        private bool ContainerEscapes(IOperation container, int depth)
        {
            var (current, parent) = Outermost(container);
            switch (parent)
            {
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return IsOtherObjectsMember(assignment.Target) || (scope.MemberOf(Unwrap(assignment.Target)) is { } member && IsReleased(member));
                case IFieldInitializerOperation fieldInitializer:
                    return fieldInitializer.InitializedFields.Any(f => IsReleased(f.AssociatedSymbol ?? f));
                case IPropertyInitializerOperation propertyInitializer:
                    return propertyInitializer.InitializedProperties.Any(IsReleased);
                case IArgumentOperation { Parent: IObjectCreationOperation creation } argument:
                    return ConstructorTakesOwnership(creation, argument);
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument when depth < MaxDepth:
                    return argument.Parameter?.RefKind is not (RefKind.Ref or RefKind.Out)
                        && (AddsToReleasedCollection(invocation) || (IsCompositeFactory(invocation, argument) && ContainerEscapes(invocation, depth + 1)));
                case IReturnOperation:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// A constructor that may keep what it is passed: a SafeHandle only with ownsHandle: true; a constructor of this
        /// compilation only when its body stores the parameter; one of another library always, since it cannot be seen.
        /// </summary>
        private bool ConstructorTakesOwnership(IObjectCreationOperation creation, IArgumentOperation argument)
        {
            if (scope.Catalog.IsSafeHandle(creation.Type))
            {
                return creation.Arguments.Any(a => a.Parameter is { Name: "ownsHandle" } && a.Value.ConstantValue is { HasValue: true, Value: true });
            }

            if (creation.Constructor is not { } constructor || argument.Parameter is not { } parameter || !scope.Catalog.IsSameCompilation(constructor))
            {
                return true;
            }

            return ConstructorStores.Stores(constructor, parameter);
        }

        /// <summary>
        /// A static factory of another type that makes one disposable of several: `StableCompositeDisposable.Create(a, b)`,
        /// `CompositeDisposable.Create(params IDisposable[])`. Known by shape, not by name: it returns a disposable, and the
        /// argument goes to a disposable parameter of which there are two or more, or a `params` array of disposables.
        /// (One disposable in, one out is a decorator or a trace as often as an owner: not taken for a hand-over.) Its
        /// result then decides, as a collection's does: stored where the type releases it, the primitive has escaped.
        /// </summary>
        private bool IsCompositeFactory(IInvocationOperation invocation, IArgumentOperation argument)
        {
            var method = invocation.TargetMethod;
            var disposable = scope.Catalog.IDisposable;
            if (!method.IsStatic || disposable is null || argument.Parameter is not { } parameter
                || SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, scope.Type.OriginalDefinition)
                || !IsDisposable(method.ReturnType, disposable))
            {
                return false;
            }

            if (parameter.IsParams)
            {
                return parameter.Type is IArrayTypeSymbol { ElementType: var element } && IsDisposable(element, disposable);
            }

            return IsDisposable(parameter.Type, disposable) && method.Parameters.Count(p => IsDisposable(p.Type, disposable)) >= 2;

            static bool IsDisposable(ITypeSymbol type, INamedTypeSymbol disposable) =>
                SymbolEqualityComparer.Default.Equals(type, disposable) || type.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default);
        }

        /// <summary>`x.Add(_gate)` (Add, Push, Register...) where the collection or composite is itself released, or is another object's.</summary>
        private bool AddsToReleasedCollection(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod.IsStatic || !CollectionAddNames.Contains(invocation.TargetMethod.Name) || invocation.Instance is not { } instance)
            {
                return false;
            }

            instance = Unwrap(instance);
            switch (instance)
            {
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                    // `new CompositeDisposable { _gate }`: the collection being initialized, whose own fate decides.
                    for (var current = invocation.Parent; current is not null; current = current.Parent)
                    {
                        if (current is IObjectCreationOperation collection)
                        {
                            return ContainerEscapes(collection, 1);
                        }
                    }

                    return false;
                case ILocalReferenceOperation:
                    // A local collection is a temporary unless it goes on to a sink itself, which is not followed.
                    return false;
                default:
                    if (scope.MemberOf(instance) is { } member)
                    {
                        return IsReleased(member);
                    }

                    // Another object's collection (a parameter, `owner.Resources`): it may own what it is given.
                    return true;
            }
        }

        private bool IsOtherObjectsMember(IOperation target) => Unwrap(target) switch
        {
            IFieldReferenceOperation field => field.Field.IsStatic || !IsThis(field.Instance),
            IPropertyReferenceOperation property => property.Property.IsStatic || !IsThis(property.Instance),
            _ => false,
        };

        /// <summary>Does some method of the type release this member (a release verb on it, also through ?. or a foreach over it)?</summary>
        private bool IsReleased(ISymbol member)
        {
            if (releasedMembers.TryGetValue(member, out var released))
            {
                return released;
            }

            released = false;
            foreach (var root in scope.Blocks.Values.SelectMany(b => b))
            {
                foreach (var invocation in root.DescendantsAndSelf().OfType<IInvocationOperation>())
                {
                    if (ReleaseVerbs.IsReleaseCall(invocation.TargetMethod, scope.Options) && invocation.Instance is { } receiver
                        && SymbolEqualityComparer.Default.Equals(ReceiverMember(receiver), member))
                    {
                        released = true;
                        break;
                    }
                }

                if (released)
                {
                    break;
                }
            }

            releasedMembers[member] = released;
            return released;
        }

        private ISymbol? ReceiverMember(IOperation receiver)
        {
            receiver = Unwrap(receiver);
            if (receiver is IConditionalAccessInstanceOperation && FindConditionalAccess(receiver) is { } access)
            {
                receiver = Unwrap(access.Operation);
            }

            if (receiver is ILocalReferenceOperation local && ForEachOver(local.Local, receiver) is { } collection)
            {
                receiver = Unwrap(collection);
                return scope.MemberOf(receiver) ?? scope.ValuesOf(receiver, viaElement: true);
            }

            return scope.MemberOf(receiver) ?? scope.ValuesOf(receiver, viaElement: false);
        }

        private static (IOperation Current, IOperation? Parent) Outermost(IOperation operation)
        {
            var current = operation;
            var parent = current.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            return (current, parent);
        }
    }
}
