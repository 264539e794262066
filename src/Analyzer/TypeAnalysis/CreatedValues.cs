using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

namespace LockLeak.TypeAnalysis
{
    /// <summary>Is a value a newly created lock primitive: an object creation, a factory, a P/Invoke creator, directly or through a local, ?:, ??.</summary>
    internal sealed class CreatedValues
    {
        private readonly OwnerScope scope;
        private readonly LockCatalog catalog;
        private readonly ImmutableHashSet<INamedTypeSymbol> additional;
        private readonly IReadOnlyDictionary<ISymbol, ImmutableArray<IOperation>> blocks;

        public CreatedValues(OwnerScope scope)
        {
            this.scope = scope;
            catalog = scope.Catalog;
            additional = scope.Additional;
            blocks = scope.Blocks;
        }

        /// <summary>Is <paramref name="value"/> a newly created lock primitive (directly, through a local, ?:, ??, or a local factory)?</summary>
        public Creation? FindCreation(IOperation? value, IOperation root, int depth)
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

            // A local factory: a private or non-virtual method of the type every return of which yields a new primitive
            // (or null). One return of anything else (a cached instance, a parameter) makes it a lookup, as SPEC has it
            // for factories of the compilation: the type may not own what it stores.
            if (scope.IsOwnMethod(target) && (target.DeclaredAccessibility == Accessibility.Private || (!target.IsVirtual && !target.IsAbstract && !target.IsOverride))
                && blocks.TryGetValue(target.PartialImplementationPart ?? target.OriginalDefinition, out var factoryBlocks)
                && LocalFactoryCreation(factoryBlocks, depth) is { } fromFactory)
            {
                return fromFactory;
            }

            // A factory of any type of the compilation whose every return is a new primitive: Throttles.CreateMutexLike().
            if (catalog.Factories.IsFactory(target, additional))
            {
                return Classify(invocation, target.ReturnType);
            }

            return null;
        }

        private Creation? LocalFactoryCreation(ImmutableArray<IOperation> factoryBlocks, int depth)
        {
            Creation? first = null;
            var mayReturnNull = false;
            foreach (var factoryRoot in factoryBlocks)
            {
                // Returns of lambdas and local functions inside the factory are not its returns.
                foreach (var returned in factoryRoot.DescendantsAndSelf().OfType<IReturnOperation>())
                {
                    if (returned.Kind != OperationKind.Return || IsInsideNestedFunction(returned, factoryRoot))
                    {
                        continue;
                    }

                    if (returned.ReturnedValue is { } value && Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation)
                    {
                        mayReturnNull = true;
                        continue;
                    }

                    if (FindCreation(returned.ReturnedValue, factoryRoot, depth + 1) is not { } created)
                    {
                        return null;
                    }

                    first ??= created;
                }
            }

            return first is null ? null : new Creation(first.Operation, first.Kind, first.Name)
            {
                Unconditional = first.Unconditional && !mayReturnNull,
                Native = first.Native,
                NativeMethod = first.NativeMethod,
                ReleaseMethod = first.ReleaseMethod,
            };
        }

        private static bool IsInsideNestedFunction(IOperation operation, IOperation root)
        {
            for (var current = operation.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An array initializer, collection expression, collection initializer or LINQ projection that creates primitives.</summary>
        public Creation? FindCollectionCreation(IOperation value)
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
    }
}
