using System;
using System.Collections.Generic;
using System.Linq;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The owners the oracle generates. The structural axes (owner kind × base × existing disposal × disposed flag)
    /// are crossed in full and pruned by <see cref="PruneReason"/>. Each surviving shape then gets every native
    /// storage shape (IntPtr, nint, void* × readonly or not, and an inline struct) and two of the ten managed
    /// types, in rotation. The remaining axes (managed type beyond those two, memory source, P/Invoke parameter
    /// type, native API, import style, release declared, and the four file settings) are chosen per cell by a
    /// stable hash of its other axes, so every value meets every shape somewhere without multiplying the matrix by
    /// 2^9 (CI has two cores: the whole oracle has to fit in a few minutes).
    /// </summary>
    public static class OwnerMatrix
    {
        public static readonly string[] ManagedTypes =
        {
            "SemaphoreSlim", "Semaphore", "Mutex", "ReaderWriterLockSlim", "ManualResetEventSlim",
            "CountdownEvent", "Barrier", "ManualResetEvent", "AutoResetEvent", "EventWaitHandle",
        };

        /// <summary>How many managed types each shape gets (the rest rotate to other shapes).</summary>
        private const int ManagedPerShape = 2;

        public static IReadOnlyList<OracleCell> Cells => Build().Cells;

        /// <summary>How many candidate combinations each prune rule removed, for the report.</summary>
        public static IReadOnlyDictionary<string, int> Pruned => Build().Pruned;

        /// <summary>The size of the crossed space before pruning: shapes × lock storage shapes.</summary>
        public static int Candidates => Build().Candidates;

        private static (IReadOnlyList<OracleCell> Cells, IReadOnlyDictionary<string, int> Pruned, int Candidates)? built;

        private static (IReadOnlyList<OracleCell> Cells, IReadOnlyDictionary<string, int> Pruned, int Candidates) Build()
        {
            if (built is { } done)
            {
                return done;
            }

            var cells = new List<OracleCell>();
            var pruned = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var candidates = 0;
            var locks = LockCores().ToArray();
            foreach (var kind in Enum.GetValues<OwnerKind>())
            {
                // Counts the kind's shapes that have a cell, so the managed types rotate through all ten within every kind.
                var shapeOfKind = 0;
                foreach (var @base in Enum.GetValues<BaseShape>())
                {
                    foreach (var disposal in Enum.GetValues<Disposal>())
                    {
                        foreach (var flag in new[] { false, true })
                        {
                            var kept = false;
                            foreach (var core in locks)
                            {
                                candidates++;
                                var reason = PruneReason(kind, @base, disposal, flag, core);
                                if (reason is not null)
                                {
                                    pruned[reason] = pruned.TryGetValue(reason, out var n) ? n + 1 : 1;
                                    continue;
                                }

                                var slot = Array.IndexOf(ManagedTypes, core.ManagedType);
                                if (core.Family == LockFamily.Managed
                                    && !Enumerable.Range(shapeOfKind * ManagedPerShape, ManagedPerShape).Any(i => i % ManagedTypes.Length == slot))
                                {
                                    pruned[Rotated] = pruned.TryGetValue(Rotated, out var n) ? n + 1 : 1;
                                    continue;
                                }

                                var mix = Mix(kind, @base, disposal, flag, core.Id);
                                var spec = core.Family == LockFamily.Managed
                                    ? core
                                    : core with
                                    {
                                        // Both APIs share every storage shape; the run can only use the real lock for pthread on Linux.
                                        Family = (mix & 1) == 0 ? LockFamily.Pthread : LockFamily.CriticalSection,
                                        // The .NET 8 LibraryImport generator writes code into a ref struct that does not compile (CS1031).
                                        Import = (mix & 2) == 0 || kind == OwnerKind.RefStruct ? ImportStyle.DllImport : ImportStyle.LibraryImport,
                                        ReleaseDeclared = (mix & 4) == 0,
                                        Memory = core.Storage.IsInline() ? NativeMemorySource.None
                                            : (mix & 128) == 0 ? NativeMemorySource.Marshal : NativeMemorySource.NativeMemory,
                                        ParameterTypeDiffers = !core.Storage.IsInline() && (mix & 256) == 0,
                                    };
                                var file = new FileSpec(
                                    ImplicitUsings: (mix & 8) == 0,
                                    Nullable: (mix & 16) == 0,
                                    Crlf: (mix & 32) == 0,
                                    UsingsInsideNamespace: (mix & 64) == 0);
                                cells.Add(new OracleCell(cells.Count, kind, @base, disposal, flag, spec, file));
                                kept = true;
                            }

                            shapeOfKind += kept ? 1 : 0;
                        }
                    }
                }
            }

            candidates += TeardownCells(cells, pruned);
            built = (cells, pruned, candidates);
            return built.Value;
        }

        /// <summary>
        /// Issue 20's axis: each existing partial teardown × both lock APIs × the heap storages (IntPtr, nint, void*;
        /// readonly or not). The owner kind (class or sealed class), memory source, parameter type, import style,
        /// release declaration and file settings are mixed in as for the structural cells. Returns the candidates.
        /// </summary>
        private static int TeardownCells(List<OracleCell> cells, SortedDictionary<string, int> pruned)
        {
            var candidates = 0;
            foreach (var shape in Enum.GetValues<Teardown>().Where(t => t != Teardown.None))
            {
                foreach (var family in new[] { LockFamily.Pthread, LockFamily.CriticalSection })
                {
                    foreach (var storage in new[] { NativeStorage.IntPtr, NativeStorage.Nint, NativeStorage.VoidPointer })
                    {
                        foreach (var readOnly in new[] { true, false })
                        {
                            candidates++;
                            var reason = TeardownPruneReason(shape, family, storage, readOnly);
                            if (reason is not null)
                            {
                                reason = "teardown axis, " + reason;
                                pruned[reason] = pruned.TryGetValue(reason, out var n) ? n + 1 : 1;
                                continue;
                            }

                            var core = new LockSpec(family, string.Empty, storage, readOnly, NativeMemorySource.Marshal, false, ImportStyle.DllImport, true);
                            var mix = Mix(OwnerKind.Class, BaseShape.None, Disposal.None, readOnly, shape + "/" + core.Id);
                            var spec = core with
                            {
                                Import = (mix & 2) == 0 ? ImportStyle.DllImport : ImportStyle.LibraryImport,

                                // The owner's own delete needs its declaration.
                                ReleaseDeclared = shape is Teardown.DeleteWithoutFree or Teardown.DeleteAfterFree || (mix & 4) == 0,
                                Memory = (mix & 128) == 0 ? NativeMemorySource.Marshal : NativeMemorySource.NativeMemory,
                                ParameterTypeDiffers = (mix & 256) == 0,
                            };
                            var file = new FileSpec(
                                ImplicitUsings: (mix & 8) == 0,
                                Nullable: (mix & 16) == 0,
                                Crlf: (mix & 32) == 0,
                                UsingsInsideNamespace: (mix & 64) == 0);
                            var kind = (mix & 512) == 0 ? OwnerKind.Class : OwnerKind.SealedClass;
                            var flag = readOnly || shape == Teardown.DisposedFlagEarlyReturn;
                            cells.Add(new OracleCell(cells.Count, kind, BaseShape.None, Disposal.None, flag, spec, file, shape));
                        }
                    }
                }
            }

            return candidates;
        }

        /// <summary>Why a teardown combination is not generated (see <see cref="PruneReason"/>); null keeps it.</summary>
        public static string? TeardownPruneReason(Teardown shape, LockFamily family, NativeStorage storage, bool readOnly)
        {
            if (readOnly && shape is Teardown.ResetOnly or Teardown.InterlockedExchange)
            {
                return "invalid: a readonly field cannot be reset or exchanged";
            }

            if (shape == Teardown.InterlockedExchange && storage == NativeStorage.VoidPointer)
            {
                return "invalid: Interlocked.Exchange has no pointer overload";
            }

            if (shape == Teardown.TwoLocksOneBlock && family != LockFamily.Pthread)
            {
                return "not meaningful: the condition variable beside the lock is a pthread one";
            }

            return null;
        }

        private const string Rotated = "sampled: a managed type beyond the shape's two in rotation (every type still meets every owner kind)";

        /// <summary>The lock axes crossed in full; the others are mixed in per cell.</summary>
        private static IEnumerable<LockSpec> LockCores()
        {
            foreach (var type in ManagedTypes)
            {
                yield return LockSpec.Managed(type);
            }

            foreach (var storage in new[] { NativeStorage.IntPtr, NativeStorage.Nint, NativeStorage.VoidPointer })
            {
                foreach (var readOnly in new[] { true, false })
                {
                    yield return new LockSpec(LockFamily.Pthread, string.Empty, storage, readOnly, NativeMemorySource.Marshal, false, ImportStyle.DllImport, true);
                }
            }

            foreach (var storage in new[] { NativeStorage.InlineStruct, NativeStorage.NestedStruct, NativeStorage.FixedBuffer })
            {
                yield return new LockSpec(LockFamily.Pthread, string.Empty, storage, false, NativeMemorySource.None, false, ImportStyle.DllImport, true);
            }
        }

        /// <summary>
        /// Why a combination is not generated: it is not valid C# (the compiler rejects it) or not meaningful
        /// (it cannot be told apart from another cell, or no caller could ever use it). Null keeps it.
        /// </summary>
        public static string? PruneReason(OwnerKind kind, BaseShape @base, Disposal disposal, bool flag, LockSpec core)
        {
            var isStruct = kind is OwnerKind.Struct or OwnerKind.ReadonlyStruct or OwnerKind.RecordStruct or OwnerKind.RefStruct;
            if (isStruct && @base != BaseShape.None)
            {
                return "invalid: a struct has no base class";
            }

            if (isStruct && disposal == Disposal.FinalizerOnly)
            {
                return "invalid: a struct has no finalizer";
            }

            if (kind == OwnerKind.RefStruct && disposal is Disposal.ExplicitDispose or Disposal.DisposeAsyncOnly)
            {
                return "invalid: a ref struct implements no interface in C# 12 (and cannot be awaited in using)";
            }

            if (@base == BaseShape.None && disposal == Disposal.HookOverride)
            {
                return "invalid: no hook to override without the hook base";
            }

            if (@base == BaseShape.Hook && disposal is not (Disposal.None or Disposal.HookOverride))
            {
                return "not meaningful: the hook base's owner extends the hook or nothing";
            }

            if (@base is BaseShape.VirtualDisposeBool or BaseShape.ProtectedInternalDisposeBool or BaseShape.AbstractDisposeBool
                && disposal is not (Disposal.None or Disposal.DisposeBoolIfDisposing or Disposal.DisposeBoolNoIf))
            {
                return "not meaningful: a derived owner extends its base's Dispose(bool) or nothing";
            }

            if (@base == BaseShape.AbstractDisposeBool && disposal == Disposal.None)
            {
                return "invalid: a concrete owner must override an abstract Dispose(bool) (CS0534)";
            }

            if (@base == BaseShape.SealedOverride && disposal != Disposal.None)
            {
                return "invalid: a sealed Dispose(bool) cannot be overridden";
            }

            if (flag && disposal is Disposal.None or Disposal.FinalizerOnly)
            {
                return "not meaningful: a disposed flag needs a Dispose to set it";
            }

            if (flag && kind == OwnerKind.ReadonlyStruct)
            {
                return "invalid: a readonly struct has no mutable disposed flag";
            }

            if (core.Storage == NativeStorage.VoidPointer && core.Family != LockFamily.Managed && kind is OwnerKind.Record or OwnerKind.RecordStruct)
            {
                return "invalid: a record cannot have a pointer field (CS8908, reported when it is emitted)";
            }

            if (core.Family != LockFamily.Managed && kind == OwnerKind.ReadonlyStruct && (!core.ReadonlyField || core.Storage.IsInline()))
            {
                return "invalid: a readonly struct has only readonly fields, and a readonly inline lock cannot be passed by ref";
            }

            return null;
        }

        /// <summary>A stable hash of the crossed axes: its bits choose the mixed-in axes.</summary>
        private static int Mix(OwnerKind kind, BaseShape @base, Disposal disposal, bool flag, string lockId)
        {
            unchecked
            {
                var h = 17;
                foreach (var part in new[] { kind.ToString(), @base.ToString(), disposal.ToString(), flag ? "f" : "-", lockId })
                {
                    foreach (var c in part)
                    {
                        h = (h * 31) + c;
                    }

                    h = (h * 31) + '/';
                }

                // Finalize so the low bits depend on every character.
                h ^= h >> 15;
                h *= 0x2c1b3c6d;
                h ^= h >> 12;
                h *= 0x297a2d39;
                h ^= h >> 15;
                return h & int.MaxValue;
            }
        }
    }
}
