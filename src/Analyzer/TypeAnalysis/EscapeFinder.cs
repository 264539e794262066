using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.OperationShapes;

namespace LockLeak
{
    /// <summary>Members whose primitive is handed to a new owner, which LockLeak then does not report.</summary>
    internal sealed class EscapeFinder
    {
        private readonly OwnerScope scope;
        private readonly Dictionary<ISymbol, OwnedLock> owned;

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
            var current = reference;
            var parent = current.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument:
                    if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out)
                    {
                        return false;
                    }

                    return !invocation.TargetMethod.IsStatic && CollectionAddNames.Contains(invocation.TargetMethod.Name) && invocation.Instance is not null;
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    var target = Unwrap(assignment.Target);
                    return target switch
                    {
                        IFieldReferenceOperation field => field.Field.IsStatic || !IsThis(field.Instance),
                        IPropertyReferenceOperation property => property.Property.IsStatic || !IsThis(property.Instance),
                        _ => false,
                    };
                case IArrayInitializerOperation:
                    return true;
                default:
                    return false;
            }
        }
    }
}
