using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LockLeak.TypeAnalysis
{
    /// <summary>The events a disposal path records in execution order, for <see cref="Judge"/> to weigh.</summary>
    internal sealed partial class ReleaseFinder
    {
        private enum EventKind
        {
            Reset,
            Free,
            Delete,
            Release,
        }

        /// <summary>What a path does to a member, at one point of its execution order.</summary>
        private sealed class PathEvent
        {
            public PathEvent(EventKind kind, ISymbol member, IOperation operation, ImmutableArray<IOperation> calls, bool direct, ReleaseCondition? inherited, OwnedLock? target = null)
            {
                Target = target;
                Kind = kind;
                Member = member;
                Operation = operation;
                Calls = calls;
                Direct = direct;
                Inherited = inherited;
            }

            public EventKind Kind { get; }

            public ISymbol Member { get; }

            public IOperation Operation { get; }

            /// <summary>The calls from the path's root down to the method that holds <see cref="Operation"/>.</summary>
            public ImmutableArray<IOperation> Calls { get; }

            /// <summary>The member is read right here, not through a copy or an exchange taken earlier.</summary>
            public bool Direct { get; }

            public ReleaseCondition? Inherited { get; }

            /// <summary>For a delete: which lock of the member it deletes, when the member holds several (`_block + 64`, one per platform).</summary>
            public OwnedLock? Target { get; }
        }
    }
}
