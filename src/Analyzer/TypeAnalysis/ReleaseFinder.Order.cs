using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.TypeAnalysis
{
    /// <summary>Judges each release by what the same path did before it: a release counts only while the lock is still there.</summary>
    internal sealed partial class ReleaseFinder
    {
        /// <summary>
        /// Counts each release of the path that runs while the lock is still there, and remembers why the others do not
        /// (and where the path already frees, deletes or resets, for the fix).
        /// </summary>
        private void Judge(IMethodSymbol root, List<PathEvent> events)
        {
            for (var i = 0; i < events.Count; i++)
            {
                var current = events[i];
                var lockInfo = current.Target ?? owned[current.Member];
                switch (current.Kind)
                {
                    case EventKind.Reset:
                        foreach (var held in owned[current.Member].InMember)
                        {
                            held.ExistingReset ??= current.Operation;
                        }

                        continue;
                    case EventKind.Free:
                        // The block holds every lock of the member: its free frees the memory of each.
                        foreach (var held in owned[current.Member].InMember)
                        {
                            held.MemoryFreed = true;
                            held.ExistingFree ??= current.Operation;
                        }

                        continue;
                }

                var late = LateRelease.None;
                IOperation? before = null;
                for (var j = 0; j < i && late == LateRelease.None; j++)
                {
                    var earlier = events[j];
                    if (!SymbolEqualityComparer.Default.Equals(earlier.Member, current.Member) || !Precedes(earlier, current))
                    {
                        continue;
                    }

                    if (current.Kind == EventKind.Delete && earlier.Kind == EventKind.Free)
                    {
                        late = LateRelease.DeleteAfterFree;
                    }
                    else if (earlier.Kind == EventKind.Reset && current.Direct)
                    {
                        late = current.Kind == EventKind.Delete ? LateRelease.DeleteAfterReset : LateRelease.DisposeAfterReset;
                        before = earlier.Operation;
                    }
                }

                if (late != LateRelease.None)
                {
                    if (lockInfo.Late == LateRelease.None)
                    {
                        lockInfo.Late = late;
                        lockInfo.LateAt = current.Operation;
                        lockInfo.LateReset = before;
                    }

                    continue;
                }

                if (current.Kind == EventKind.Delete)
                {
                    lockInfo.NativeDeleted = true;
                    lockInfo.ExistingDelete ??= current.Operation;
                }

                lockInfo.Releases.Add(new ReleaseSite(current.Operation, current.Inherited ?? conditions.ConditionOf(current.Operation, current.Member), root));
            }
        }

        /// <summary>
        /// Whether <paramref name="earlier"/> runs before <paramref name="later"/> on some run of the path: it comes first in
        /// the path's order, is not on a branch exclusive with it, and its own branch does not return before reaching it.
        /// </summary>
        private static bool Precedes(PathEvent earlier, PathEvent later)
        {
            var depth = 0;
            while (depth < earlier.Calls.Length && depth < later.Calls.Length && ReferenceEquals(earlier.Calls[depth], later.Calls[depth]))
            {
                depth++;
            }

            var first = depth < earlier.Calls.Length ? earlier.Calls[depth] : earlier.Operation;
            var second = depth < later.Calls.Length ? later.Calls[depth] : later.Operation;
            if (ReferenceEquals(first, second) || first.Syntax.SyntaxTree != second.Syntax.SyntaxTree
                || first.Syntax.SpanStart >= second.Syntax.SpanStart || first.Syntax.Span.Contains(second.Syntax.Span) || second.Syntax.Span.Contains(first.Syntax.Span))
            {
                return false;
            }

            // The nearest operation holding both, and the child of it on each side.
            var ancestors = new HashSet<IOperation>();
            for (var node = first; node is not null; node = node.Parent)
            {
                ancestors.Add(node);
            }

            IOperation? secondChild = second;
            var common = second.Parent;
            while (common is not null && !ancestors.Contains(common))
            {
                secondChild = common;
                common = common.Parent;
            }

            if (common is null || ReferenceEquals(common, first))
            {
                return false;
            }

            IOperation firstChild = first;
            while (firstChild.Parent is { } parent && !ReferenceEquals(parent, common))
            {
                firstChild = parent;
            }

            switch (common)
            {
                case IConditionalOperation conditional when !ReferenceEquals(firstChild, conditional.Condition) && !ReferenceEquals(secondChild, conditional.Condition):
                case ISwitchOperation:
                case ISwitchExpressionOperation:
                case ITryOperation when firstChild is ICatchClauseOperation || secondChild is ICatchClauseOperation:
                    return false;
            }

            // A branch that returns or throws after the earlier event leaves before it reaches the later one.
            foreach (var exit in firstChild.DescendantsAndSelf())
            {
                if (exit.Kind is OperationKind.Return or OperationKind.Throw or OperationKind.YieldBreak && exit.Syntax.SpanStart > first.Syntax.SpanStart)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
