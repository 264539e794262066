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
    internal sealed partial class ReleaseFinder
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
                // Dispose(bool) as an entry of its own is the synchronous path, Dispose(true); Dispose(false) is reached from where it is called.
                var constants = disposal.EntryOf(root) == DisposalEntries.DisposeBool ? ConstantBranches.ForSingle(root, disposal.DisposeBoolRunsDisposing) : null;
                Walk(root, null, constants, ImmutableArray<IOperation>.Empty, new HashSet<ISymbol>(SymbolEqualityComparer.Default), events);
                Judge(root, events);
            }
        }

        /// <param name="constants">The bool parameters of <paramref name="method"/> its caller fixed (`Dispose(false)`): only the branches they take run.</param>
        private void Walk(IMethodSymbol method, ReleaseCondition? inherited, ConstantBranches? constants, ImmutableArray<IOperation> calls, HashSet<ISymbol> visited, List<PathEvent> events)
        {
            var key = method.PartialImplementationPart ?? method.OriginalDefinition;
            if (!visited.Add(key) || !blocks.TryGetValue(key, out var methodBlocks))
            {
                return;
            }

            foreach (var block in methodBlocks)
            {
                var unreachable = constants?.Unreachable(block);
                foreach (var operation in block.DescendantsAndSelf())
                {
                    if (unreachable is not null && ConstantBranches.IsUnreachable(operation, unreachable))
                    {
                        continue;
                    }

                    switch (operation.Kind)
                    {
                        case OperationKind.Invocation:
                            var invocation = (IInvocationOperation)operation;
                            OnInvocation(invocation, inherited, calls, events);
                            if (invocation.TargetMethod.MethodKind != MethodKind.LocalFunction && scope.IsOwnMethod(invocation.TargetMethod)
                                && (invocation.Instance is null || IsThis(invocation.Instance)))
                            {
                                // The helper runs here, so what it does comes here in the path's order.
                                var callee = invocation.TargetMethod.PartialImplementationPart ?? invocation.TargetMethod.OriginalDefinition;
                                Walk(invocation.TargetMethod, inherited ?? conditions.ConditionOf(invocation, null), ConstantBranches.Of(invocation, callee, constants), calls.Add(invocation), visited, events);
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
    }
}
