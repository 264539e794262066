using LockLeak.Catalog;
using LockLeak.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// LCK004's question about one creation in a constructor: does the primitive go anywhere (stored, returned, passed,
    /// captured, released), or is it dropped?
    /// </summary>
    internal static class DroppedLocks
    {
        internal sealed class Fate
        {
            public Fate(ILocalSymbol? local, IMethodSymbol? consumer = null)
            {
                Local = local;
                Consumer = consumer;
            }

            /// <summary>The local the primitive was created into, or null for a discard, a bare expression or an argument.</summary>
            public ILocalSymbol? Local { get; }

            /// <summary>The P/Invoke a native handle was passed straight to, never stored (`WaitForSingleObject(CreateSemaphoreW(...), 0)`).</summary>
            public IMethodSymbol? Consumer { get; }
        }

        /// <summary>Non-null when the creation goes nowhere: an expression statement, a discard, a call on it, or a local that is never stored, returned, passed or released.</summary>
        public static Fate? DroppedFate(IOperation creation, IOperation root, LockCatalog catalog, LockLeakOptions options)
        {
            var current = creation;
            var parent = current.Parent;
            while (parent is IConversionOperation or IParenthesizedOperation)
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IExpressionStatementOperation:
                    return new Fate(null);
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return new Fate(null);
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current):
                    return ReleaseVerbs.IsReleaseCall(invocation.TargetMethod, options) ? null : ParentFate(invocation);
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    if (IsUsingDeclaration(declarator))
                    {
                        return null;
                    }

                    return LocalEscapes(declarator.Symbol, root, catalog, options) ? null : new Fate(declarator.Symbol);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment when ReferenceEquals(assignment.Value, current):
                    return LocalEscapes(local.Local, root, catalog, options) ? null : new Fate(local.Local);
                case IArgumentOperation { Parent: IInvocationOperation consumer, Parameter.RefKind: RefKind.None }
                    when catalog.NativeHandleRelease(creation) is not null && IsNativeUse(consumer.TargetMethod, catalog):
                    // A native handle passed straight to a P/Invoke that is not its release: nothing can close it afterwards.
                    return new Fate(null, consumer.TargetMethod);
                default:
                    return null;
            }

            Fate? ParentFate(IOperation call) => call.Parent is IExpressionStatementOperation ? new Fate(null) : null;
        }

        private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
        {
            for (IOperation? current = declarator.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IUsingDeclarationOperation or IUsingOperation:
                        return true;
                    case IVariableDeclarationOperation or IVariableDeclarationGroupOperation:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>A P/Invoke other than a native release: passing a handle to it is use, not hand-over.</summary>
        private static bool IsNativeUse(IMethodSymbol method, LockCatalog catalog)
        {
            var definition = method.PartialDefinitionPart ?? method;
            return (method.IsExtern || definition.IsPartialDefinition || method.GetDllImportData() is not null)
                && catalog.GetNativeFunction(method) is not { Role: NativeRole.Release };
        }

        /// <summary>True when the local is released, stored, returned, passed, captured or aliased anywhere in the body.</summary>
        private static bool LocalEscapes(ILocalSymbol local, IOperation root, LockCatalog catalog, LockLeakOptions options)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                if (reference.IsDeclaration)
                {
                    continue;
                }

                IOperation current = reference;
                var parent = current.Parent;
                while (parent is IConversionOperation or IParenthesizedOperation)
                {
                    current = parent;
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current):
                        if (ReleaseVerbs.IsReleaseCall(invocation.TargetMethod, options))
                        {
                            return true;
                        }

                        continue;
                    case IPropertyReferenceOperation or IFieldReferenceOperation or IEventReferenceOperation:
                        continue;
                    case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Target, current):
                        continue;
                    case IConditionalAccessOperation conditional when ReferenceEquals(conditional.Operation, current):
                        if (conditional.WhenNotNull is IInvocationOperation whenNotNull && ReleaseVerbs.IsReleaseCall(whenNotNull.TargetMethod, options))
                        {
                            return true;
                        }

                        continue;
                    case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation call } when IsNativeUse(call.TargetMethod, catalog):
                        // WaitForSingleObject(handle, ...) uses the handle: a P/Invoke that is not a release does not take it over.
                        continue;
                    default:
                        // Stored, returned, passed, captured, used by `using`, put in a tuple or collection: someone else may own it.
                        return true;
                }
            }

            return false;
        }
    }
}
