using System.Collections.Generic;
using System.Linq;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LockLeak.Rules
{
    /// <summary>LCK003: a native critical section, pthread lock or OS lock handle is never deleted, or its memory never freed.</summary>
    internal sealed class NativeLockNeverDeletedRule : OwnedLockRule
    {
        /// <summary>Why no fix is offered for a native lock of a readonly struct: the message says it, as SPEC asks.</summary>
        public const string NoFixInReadonlyStruct = "; no fix is offered: a readonly struct can neither reset nor flag its storage";

        public override DiagnosticDescriptor Descriptor => Descriptors.NativeLockNeverDeleted;

        public override void Report(SymbolAnalysisContext context, INamedTypeSymbol type, TypeLockFacts facts)
        {
            var reported = new List<(OwnedLock Lock, string Missing)>();
            foreach (var lockInfo in facts.Locks)
            {
                if (!lockInfo.IsNative || lockInfo.Escaped || lockInfo.Native is null || Reporting.IsPeerSuppressed(facts, lockInfo, type))
                {
                    continue;
                }

                var missingDelete = !lockInfo.NativeDeleted;
                var missingFree = lockInfo.MemoryFree is not null && !lockInfo.MemoryFreed;
                if ((!missingDelete && !missingFree) || Reporting.IsInHiddenCode(lockInfo.Creation.Syntax))
                {
                    continue;
                }

                var missing = missingDelete && LateDelete(lockInfo) is { } late
                    ? $"calls {lockInfo.Native.ReleaseEntryPoint} while the lock is still there: {late}"
                    : missingDelete && missingFree
                    ? $"calls {lockInfo.Native.ReleaseEntryPoint} or frees its memory with {lockInfo.MemoryFree}"
                    : missingDelete
                        ? $"calls {lockInfo.Native.ReleaseEntryPoint}"
                        : $"frees its memory with {lockInfo.MemoryFree}";
                if (type.IsValueType && type.IsReadOnly)
                {
                    // SPEC: a second Dispose must find the lock gone, and a readonly struct can record that nowhere.
                    missing += NoFixInReadonlyStruct;
                }

                reported.Add((lockInfo, missing));
            }

            if (reported.Count == 0)
            {
                return;
            }

            var shape = DisposeShape.From(facts.Disposal);
            var releaseTarget = Reporting.ReleaseTarget(shape, facts);
            var target = Reporting.IdentifierLocation(releaseTarget);
            var fixes = reported.Select(r => LockFix.For(r.Lock, type).WithPlacement(shape, releaseTarget)).ToList();
            for (var i = 0; i < reported.Count; i++)
            {
                var (lockInfo, missing) = reported[i];

                // One member, a lock per platform: the fix of either writes both releases, each under its own check.
                var siblings = reported.Select((r, j) => (r.Lock.Creation.Syntax, Fix: fixes[j])).Where((_, j) => j != i && SymbolEqualityComparer.Default.Equals(reported[j].Lock.Member, lockInfo.Member));
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.NativeLockNeverDeleted,
                    lockInfo.Creation.Syntax.GetLocation(),
                    target is null ? null : new[] { target },
                    LockFix.For(lockInfo, type).WithPlacement(shape, releaseTarget).WithPlatformSiblings(siblings).ToProperties(),
                    type.Name,
                    lockInfo.PrimitiveName,
                    lockInfo.Name,
                    lockInfo.NativeMethod?.Name ?? lockInfo.Native!.EntryPoint,
                    missing));
            }
        }

        /// <summary>SPEC's words for a delete that releases nothing: after the free of the lock's memory, or after the reset of its storage.</summary>
        private static string? LateDelete(OwnedLock lockInfo) => lockInfo.Late switch
        {
            LateRelease.DeleteAfterFree or LateRelease.FreeBeforeDelete => "it deletes it after freeing its memory",
            LateRelease.DeleteAfterReset => $"it deletes it after setting '{lockInfo.Name}' to {ResetValue(lockInfo.LateReset)}",
            _ => null,
        };

        private static string ResetValue(IOperation? reset)
        {
            var value = reset switch
            {
                ISimpleAssignmentOperation assignment => assignment.Value,
                IInvocationOperation { Arguments.Length: 2 } exchange => exchange.Arguments[1].Value,
                _ => null,
            };
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            return value?.Syntax.ToString() ?? "null";
        }
    }
}
