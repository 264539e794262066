using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static LockLeak.Infrastructure.OperationShapes;

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
            // What a thread or task body frees is no teardown the fix completes.
            var teardown = disposal.Roots.Contains(root, SymbolEqualityComparer.Default);
            for (var i = 0; i < events.Count; i++)
            {
                var current = events[i];
                var lockInfo = current.Target ?? owned[current.Member];
                switch (current.Kind)
                {
                    case EventKind.Reset:
                        if (teardown)
                        {
                            foreach (var held in owned[current.Member].InMember)
                            {
                                TeardownStep.Record(held.Resets, current.Operation, via: null, Guard(current, root, held, via: null));
                            }
                        }

                        continue;
                    case EventKind.Free:
                        // The block holds every lock of the member: its free frees the memory of each.
                        var via = Via(current);
                        foreach (var held in owned[current.Member].InMember)
                        {
                            held.MemoryFreed = true;
                            if (teardown)
                            {
                                TeardownStep.Record(held.Frees, current.Operation, via, Guard(current, root, held, via));
                            }
                        }

                        // A lock another member points into (`_cond = _mutex + 64`) is freed with the block: its delete goes before this free, on its own storage.
                        foreach (var inBlock in owned.Values.SelectMany(l => l.InMember).Where(l => SymbolEqualityComparer.Default.Equals(l.Block, current.Member)))
                        {
                            if (teardown)
                            {
                                TeardownStep.Record(inBlock.Frees, current.Operation, via: null, Guard(current, root, inBlock, via: null));
                            }
                        }

                        continue;
                }

                var late = LateRelease.None;
                IOperation? before = null;
                for (var j = 0; j < i && late == LateRelease.None; j++)
                {
                    var earlier = events[j];
                    // The free of the block another member points into (`_cond = _mutex + 64`) frees this lock's memory too.
                    var blockFreed = current.Kind == EventKind.Delete && earlier.Kind == EventKind.Free && SymbolEqualityComparer.Default.Equals(lockInfo.Block, earlier.Member);
                    if ((!SymbolEqualityComparer.Default.Equals(earlier.Member, current.Member) && !blockFreed) || !Precedes(earlier, current))
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

                    TeardownStep.Record(lockInfo.Lates, current.Operation, via: null, TeardownGuard.None);
                    continue;
                }

                if (current.Kind == EventKind.Delete)
                {
                    lockInfo.NativeDeleted = true;
                    if (teardown)
                    {
                        var deleteVia = Via(current);
                        TeardownStep.Record(lockInfo.Deletes, current.Operation, deleteVia, Guard(current, root, lockInfo, deleteVia));
                    }
                }

                lockInfo.Releases.Add(new ReleaseSite(current.Operation, current.Inherited ?? conditions.ConditionOf(current.Operation, current.Member), root));
            }
        }

        /// <summary>What keeps a second run of the path from the step, judged in the method that holds it.</summary>
        private TeardownGuard Guard(PathEvent step, IMethodSymbol root, OwnedLock lockInfo, string? via) =>
            guards.Of(step.Operation, !step.Calls.IsEmpty && step.Calls[step.Calls.Length - 1] is IInvocationOperation call ? call.TargetMethod : root, lockInfo, via);

        /// <summary>The local a free or delete reaches the member through (a copy, or the value exchanged out of it); null when it reads the member.</summary>
        private string? Via(PathEvent step)
        {
            if (step.Direct || step.Operation is not IInvocationOperation invocation)
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                var value = Unwrap(argument.Value);
                if (value is IAddressOfOperation addressOf)
                {
                    value = Unwrap(addressOf.Reference);
                }

                if (value is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(NativeMember(argument.Value).Member, step.Member))
                {
                    return local.Local.Name;
                }
            }

            return null;
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
