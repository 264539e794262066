using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>A condition that is not a guard idiom and can skip a release.</summary>
    internal sealed class ReleaseCondition
    {
        public ReleaseCondition(string text, IOperation statement, bool earlyExit, IOperation? exit = null)
        {
            Text = text;
            Statement = statement;
            EarlyExit = earlyExit;
            Exit = exit;
        }

        /// <summary>The condition as written (negated for an early exit), for the message.</summary>
        public string Text { get; }

        /// <summary>The if / switch / try statement that holds the condition: the fix moves the release out of it, or before it.</summary>
        public IOperation Statement { get; }

        /// <summary>True when the statement is an early return or throw before the release, not around it.</summary>
        public bool EarlyExit { get; }

        /// <summary>For an early exit: the return or throw that leaves before the release.</summary>
        public IOperation? Exit { get; }

        /// <summary>
        /// The next condition that can skip the same release, further out (or a later early exit of the same block): a
        /// release whose every skipping exit releases before it leaves runs on every path, which LCK005 asks of the chain.
        /// </summary>
        public ReleaseCondition? Next { get; private set; }

        /// <summary>Appends <paramref name="next"/> to the chain that starts here; returns the chain's new last link.</summary>
        public ReleaseCondition Append(ReleaseCondition next)
        {
            Next = next;
            return next;
        }
    }
}
