using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.TypeAnalysis
{
    /// <summary>What keeps a second run of a disposal path from reaching a free, delete or reset it already makes.</summary>
    internal enum TeardownGuard
    {
        /// <summary>Nothing: a second run reaches it again.</summary>
        None,

        /// <summary>ReleaseHandle (the runtime calls it once), an enclosing test of a bool field, or an earlier exit on the storage or the flag.</summary>
        Once,

        /// <summary>An enclosing test of the storage (or of the local the path reads it through): a reset storage skips it.</summary>
        StorageCheck,
    }

    /// <summary>Judges <see cref="TeardownGuard"/> for a step of a disposal path, on operations: the fix reuses that guard rather than writing a second one.</summary>
    internal sealed class TeardownGuards
    {
        private readonly OwnerScope scope;
        private readonly ValueOrigins origins;

        public TeardownGuards(OwnerScope scope, ValueOrigins origins)
        {
            this.scope = scope;
            this.origins = origins;
        }

        /// <param name="operation">The free, delete or reset.</param>
        /// <param name="method">The method whose body holds it (the path's root, or the helper it calls).</param>
        /// <param name="lockInfo">The lock: its member, or the block its member points into, is its storage.</param>
        /// <param name="via">The local the step reads the lock through, if any.</param>
        public TeardownGuard Of(IOperation operation, IMethodSymbol method, OwnedLock lockInfo, string? via)
        {
            var member = lockInfo.Member;
            var pointedBlock = lockInfo.Block;
            var guard = method.Name == "ReleaseHandle" ? TeardownGuard.Once : TeardownGuard.None;
            IOperation child = operation;
            IBlockOperation? body = null;
            IOperation? top = null;
            for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation conditional && !ReferenceEquals(conditional.Condition, child))
                {
                    if (ChecksStorage(conditional.Condition, member, pointedBlock, via))
                    {
                        return TeardownGuard.StorageCheck;
                    }

                    if (ChecksFlag(conditional.Condition))
                    {
                        guard = TeardownGuard.Once;
                    }
                }

                if (parent is IBlockOperation block)
                {
                    // The outermost block is the method's body; the statement of it that holds the step is where earlier exits end.
                    body = block;
                    top = child;
                }
            }

            if (guard == TeardownGuard.None && body is not null && top is not null)
            {
                foreach (var statement in body.Operations.TakeWhile(s => !ReferenceEquals(s, top)))
                {
                    if (statement is IConditionalOperation exit && (ChecksStorage(exit.Condition, member, pointedBlock, via) || ChecksFlag(exit.Condition))
                        && exit.WhenTrue.DescendantsAndSelf().Any(o => o is IReturnOperation or IThrowOperation))
                    {
                        return TeardownGuard.Once;
                    }
                }
            }

            return guard;
        }

        /// <summary>The condition tests the storage, the block it points into, or the local the step reads it through.</summary>
        private bool ChecksStorage(IOperation condition, ISymbol member, ISymbol? block, string? via) =>
            condition.DescendantsAndSelf().Any(o => SymbolEqualityComparer.Default.Equals(scope.MemberOf(o), member)
                || (block is not null && SymbolEqualityComparer.Default.Equals(scope.MemberOf(o), block))
                || (o is ILocalReferenceOperation local && (local.Local.Name == via || SymbolEqualityComparer.Default.Equals(scope.MemberOf(origins.Of(local).Source), member))));

        private bool ChecksFlag(IOperation condition) =>
            condition.DescendantsAndSelf().Any(o => o is IFieldReferenceOperation { Field: { Type.SpecialType: SpecialType.System_Boolean } field }
                && SymbolEqualityComparer.Default.Equals(field.ContainingType.OriginalDefinition, scope.Type.OriginalDefinition));
    }
}
