using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.Infrastructure
{
    /// <summary>Questions about the shape of an operation tree that every stage of a type's analysis asks.</summary>
    internal static class OperationShapes
    {
        public const int MaxDepth = 4;

        public static readonly ImmutableHashSet<string> CollectionAddNames = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Add", "AddRange", "Push", "Enqueue", "Insert", "TryAdd", "AddOrUpdate", "GetOrAdd", "Register", "Attach", "Track", "Adopt", "Own");

        public static IEnumerable<IOperation> LocalValues(ILocalSymbol local, IOperation root)
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

        public static IOperation? ForEachOver(ILocalSymbol local, IOperation reference)
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

        public static IConditionalAccessOperation? FindConditionalAccess(IOperation instance)
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

        public static ITypeSymbol? MemberType(ISymbol member) => member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };

        // Operation kinds, not interface type tests: these run on every operation of a lock-owning type, and a type test
        // against an operation interface scans the class's interface map.
        public static bool IsThis(IOperation? instance) =>
            instance is null || (Unwrap(instance) is { Kind: OperationKind.InstanceReference } reference
                && ((IInstanceReferenceOperation)reference).ReferenceKind == InstanceReferenceKind.ContainingTypeInstance);

        public static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation.Kind)
                {
                    case OperationKind.Conversion:
                        operation = ((IConversionOperation)operation).Operand;
                        continue;
                    case OperationKind.Parenthesized:
                        operation = ((IParenthesizedOperation)operation).Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        public static IOperation RootOf(IOperation operation)
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
