using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>
    /// One free, delete or reset a disposal path already makes, where the fix completes the teardown: the operation, and
    /// the local it reaches the lock through there (a copy of the storage, or the value `Interlocked.Exchange` took out
    /// of it), null when it reads the storage itself.
    /// </summary>
    internal sealed class TeardownStep
    {
        public TeardownStep(IOperation operation, string? via, TeardownGuard guard)
        {
            Operation = operation;
            Via = via;
            Guard = guard;
        }

        public IOperation Operation { get; }

        public string? Via { get; }

        public TeardownGuard Guard { get; }

        /// <summary>Adds the step unless the same operation is known: a helper several paths call is walked once per path.</summary>
        public static void Record(List<TeardownStep> steps, IOperation operation, string? via, TeardownGuard guard)
        {
            foreach (var step in steps)
            {
                if (ReferenceEquals(step.Operation, operation))
                {
                    return;
                }
            }

            steps.Add(new TeardownStep(operation, via, guard));
        }
    }
}
