using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>A call, using or loop on a release path that releases an owned member, and the condition that can skip it.</summary>
    internal sealed class ReleaseSite
    {
        public ReleaseSite(IOperation operation, ReleaseCondition? condition, IMethodSymbol root)
        {
            Operation = operation;
            Condition = condition;
            Root = root;
        }

        /// <summary>The release call (or using / foreach) that releases the member.</summary>
        public IOperation Operation { get; }

        /// <summary>Null when the release runs on every path of its root; else the condition that skips it.</summary>
        public ReleaseCondition? Condition { get; }

        public IMethodSymbol Root { get; }
    }
}
