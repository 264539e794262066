using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.TypeAnalysis
{
    /// <summary>The thread and task bodies a type starts: part of its disposal, never a teardown a fix reuses.</summary>
    internal sealed partial class DisposalModel
    {
        /// <summary>
        /// The type's own methods it starts as the body of a thread or task (`new Thread(Run)`, `Task.Run(Loop)`,
        /// `Task.Factory.StartNew(() => Pump())`): a release in one counts (the type tears down on that thread; precision
        /// first), and no fix ever calls one from Dispose. Known only where the operation blocks were at hand (the analyzer).
        /// </summary>
        public ImmutableArray<IMethodSymbol> ThreadBodies { get; private set; } = ImmutableArray<IMethodSymbol>.Empty;

        /// <summary>Whether <paramref name="method"/> is a thread or task body the type starts: never a teardown to reuse.</summary>
        public bool IsThreadBody(IMethodSymbol method) => ThreadBodies.Contains(method.OriginalDefinition, SymbolEqualityComparer.Default);

        /// <summary>Records the thread and task bodies found in the type's operation blocks.</summary>
        public void FindThreadBodies(IEnumerable<IOperation> blocks)
        {
            var bodies = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var block in blocks)
            {
                foreach (var operation in block.DescendantsAndSelf())
                {
                    var arguments = operation switch
                    {
                        IObjectCreationOperation { Constructor.ContainingType: { Name: "Thread", ContainingNamespace: { Name: "Threading" } } } creation => creation.Arguments,
                        IInvocationOperation { TargetMethod: { Name: "Run" or "StartNew" or "QueueUserWorkItem" or "UnsafeQueueUserWorkItem", ContainingType.Name: "Task" or "TaskFactory" or "ThreadPool" } } invocation => invocation.Arguments,
                        _ => ImmutableArray<IArgumentOperation>.Empty,
                    };
                    foreach (var argument in arguments)
                    {
                        if (StartedMethod(argument.Value) is { } started && SymbolEqualityComparer.Default.Equals(started.ContainingType?.OriginalDefinition, Type.OriginalDefinition))
                        {
                            bodies.Add(started.OriginalDefinition);
                        }
                    }
                }
            }

            ThreadBodies = bodies.ToImmutable();
        }

        /// <summary>The method a delegate runs: a method group, or the one call a lambda's body makes (`() => Run()`).</summary>
        private static IMethodSymbol? StartedMethod(IOperation value)
        {
            while (value is IConversionOperation or IDelegateCreationOperation or IParenthesizedOperation)
            {
                value = value switch
                {
                    IConversionOperation conversion => conversion.Operand,
                    IDelegateCreationOperation creation => creation.Target,
                    _ => ((IParenthesizedOperation)value).Operand,
                };
            }

            return value switch
            {
                IMethodReferenceOperation reference => reference.Method,
                IAnonymousFunctionOperation lambda => lambda.Body.Operations.Length <= 2
                    ? lambda.Body.Operations.SelectMany(o => o.DescendantsAndSelf()).OfType<IInvocationOperation>().FirstOrDefault()?.TargetMethod
                    : null,
                _ => null,
            };
        }
    }
}
