using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>A condition that is not a guard idiom and can skip a release.</summary>
    internal sealed class ReleaseCondition
    {
        public ReleaseCondition(string text, IOperation statement, bool earlyExit)
        {
            Text = text;
            Statement = statement;
            EarlyExit = earlyExit;
        }

        /// <summary>The condition as written (negated for an early exit), for the message.</summary>
        public string Text { get; }

        /// <summary>The if / switch / try statement that holds the condition: the fix moves the release out of it, or before it.</summary>
        public IOperation Statement { get; }

        /// <summary>True when the statement is an early return or throw before the release, not around it.</summary>
        public bool EarlyExit { get; }
    }
}
