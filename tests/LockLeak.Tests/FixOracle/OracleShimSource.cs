namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The test-only runtime the fixed owners run against, compiled into every run assembly. The run variant of a
    /// fixed file calls it instead of NativeMemory / Marshal allocation and instead of its lock P/Invokes, so that:
    /// - every allocation is real (the shim calls the real allocator) and recorded with its size and family;
    /// - a free of a live block is real and counted; a second free, a free of a pointer never allocated, or a free
    ///   with the wrong family is recorded as a violation and NOT passed on, so the process survives to report it;
    /// - the lock P/Invokes go to the preloaded C interposer (<see cref="InterposerSource"/>), which checks them, makes
    ///   the real libc call and counts it; it also counts the real malloc/free of the lock blocks, so "released exactly
    ///   once" is judged on what libc saw, not on this file's bookkeeping.
    /// </summary>
    public static class OracleShimSource
    {
        public const string Text = """
            namespace OracleShim
            {
                using System;
                using System.Collections.Generic;
                using System.Runtime.InteropServices;

                public static unsafe class Ledger
                {
                    private static readonly object Gate = new object();
                    private static readonly Dictionary<nint, (string Family, long Size)> Live = new Dictionary<nint, (string, long)>();
                    private static readonly HashSet<nint> Freed = new HashSet<nint>();
                    public static int Allocations, Frees, Inits, Destroys;
                    public static readonly List<string> Violations = new List<string>();

                    public static void Reset()
                    {
                        lock (Gate)
                        {
                            Allocations = Frees = Inits = Destroys = 0;
                            Violations.Clear();
                        }

                        LockShim.oracle_reset();
                    }

                    public static void Violation(string what)
                    {
                        lock (Gate)
                        {
                            Violations.Add(what);
                        }
                    }

                    public static void* Track(void* p, string family, long size)
                    {
                        lock (Gate)
                        {
                            Live[(nint)p] = (family, size);
                            Freed.Remove((nint)p);
                            Allocations++;
                        }

                        return p;
                    }

                    public static bool IsFreed(void* p)
                    {
                        lock (Gate)
                        {
                            return Freed.Contains((nint)p);
                        }
                    }

                    /// <summary>True when the caller may pass the free on to the real allocator.</summary>
                    public static bool Release(void* p, string family)
                    {
                        if (p == null)
                        {
                            return false;
                        }

                        lock (Gate)
                        {
                            if (!Live.TryGetValue((nint)p, out var block))
                            {
                                Violations.Add(Freed.Contains((nint)p) ? family + " free of memory already freed (double free)" : family + " free of a pointer never allocated");
                                return false;
                            }

                            if (block.Family != family)
                            {
                                Violations.Add(family + " free of memory allocated by " + block.Family);
                                return false;
                            }

                            if (block.Size >= LockShim.Size && LockShim.IsInitialized(p))
                            {
                                Violations.Add("memory freed while the lock in it is still initialized (destroy missing or after the free)");
                            }

                            Live.Remove((nint)p);
                            Freed.Add((nint)p);
                            Frees++;
                            return true;
                        }
                    }

                    public static string State() => $"allocations {Allocations}, frees {Frees}, lock inits {Inits}, destroys {Destroys}";

                    /// <summary>After a scenario: nothing went wrong and, when <paramref name="balanced"/>, every allocation and lock was released exactly once.</summary>
                    public static void Expect(string scenario, bool balanced)
                    {
                        var real = LockShim.Report();
                        Inits = (int)real.Inits;
                        Destroys = (int)real.Destroys;
                        var state = State() + $", lock blocks {real.Blocks}, lock block frees {real.BlockFrees}";
                        lock (Gate)
                        {
                            if (real.Violations.Length > 0)
                            {
                                Violations.Insert(0, real.Violations);
                            }

                            if (Violations.Count > 0)
                            {
                                throw new InvalidOperationException(scenario + ": " + string.Join("; ", Violations) + " (" + state + ")");
                            }

                            if (balanced && (Frees != Allocations || real.Destroys != real.Inits || real.BlockFrees != real.Blocks))
                            {
                                throw new InvalidOperationException(scenario + ": not released exactly once (" + state + ")");
                            }
                        }
                    }
                }

                public static unsafe class NativeMemoryShim
                {
                    public static void* Alloc(nuint byteCount) => Ledger.Track(NativeMemory.Alloc(byteCount), "NativeMemory", (long)byteCount);
                    public static void* Alloc(nuint elementCount, nuint elementSize) => Ledger.Track(NativeMemory.Alloc(elementCount, elementSize), "NativeMemory", (long)(elementCount * elementSize));
                    public static void* AllocZeroed(nuint byteCount) => Ledger.Track(NativeMemory.AllocZeroed(byteCount), "NativeMemory", (long)byteCount);
                    public static void* AllocZeroed(nuint elementCount, nuint elementSize) => Ledger.Track(NativeMemory.AllocZeroed(elementCount, elementSize), "NativeMemory", (long)(elementCount * elementSize));
                    public static void Free(void* ptr)
                    {
                        if (Ledger.Release(ptr, "NativeMemory"))
                        {
                            NativeMemory.Free(ptr);
                        }
                    }
                }

                public static unsafe class MarshalShim
                {
                    public static IntPtr AllocHGlobal(int cb) => (IntPtr)Ledger.Track((void*)Marshal.AllocHGlobal(cb), "HGlobal", cb);
                    public static IntPtr AllocHGlobal(nint cb) => (IntPtr)Ledger.Track((void*)Marshal.AllocHGlobal(cb), "HGlobal", cb);
                    public static IntPtr AllocCoTaskMem(int cb) => (IntPtr)Ledger.Track((void*)Marshal.AllocCoTaskMem(cb), "CoTaskMem", cb);
                    public static void FreeHGlobal(IntPtr hglobal)
                    {
                        if (Ledger.Release((void*)hglobal, "HGlobal"))
                        {
                            Marshal.FreeHGlobal(hglobal);
                        }
                    }

                    public static void FreeCoTaskMem(IntPtr ptr)
                    {
                        if (Ledger.Release((void*)ptr, "CoTaskMem"))
                        {
                            Marshal.FreeCoTaskMem(ptr);
                        }
                    }
                }

                public static unsafe class LockShim
                {
                    public const int Size = 64;
                    private const int MarkerOffset = 56;
                    private const long Initialized = 0x4E49454C4341524F;

                    /// <summary>The interposer (preloaded, so this finds the same copy): it checks, counts and makes the real call.</summary>
                    [DllImport("liblockleak_oracle.so")]
                    private static extern int oracle_lock(int destroy, int kind, void* p);

                    [DllImport("liblockleak_oracle.so")]
                    internal static extern void oracle_reset();

                    [DllImport("liblockleak_oracle.so")]
                    private static extern void oracle_report(byte* buffer, int length);

                    /// <summary>The marker the interposer writes past glibc's bytes of the lock.</summary>
                    public static bool IsInitialized(void* p) => *(long*)((byte*)p + MarkerOffset) == Initialized;

                    public static int Init(int kind, void* p) => oracle_lock(0, kind, p);

                    public static int Destroy(int kind, void* p) => oracle_lock(1, kind, p);

                    /// <summary>Lock inits, destroys, lock blocks allocated and lock blocks freed, as the real calls went, and what went wrong.</summary>
                    public static (long Inits, long Destroys, long Blocks, long BlockFrees, string Violations) Report()
                    {
                        var buffer = new byte[8192];
                        fixed (byte* b = buffer)
                        {
                            oracle_report(b, buffer.Length);
                        }

                        var text = System.Text.Encoding.ASCII.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
                        var parts = text.Split(' ', 5);
                        return (long.Parse(parts[0]), long.Parse(parts[1]), long.Parse(parts[2]), long.Parse(parts[3]), parts.Length > 4 ? parts[4].Trim() : string.Empty);
                    }
                }

                public static class Probe
                {
                    /// <summary>Throws unless the managed primitive answers as disposed.</summary>
                    public static void ExpectDisposed(object? primitive, string scenario)
                    {
                        if (primitive is null)
                        {
                            throw new InvalidOperationException(scenario + ": the field is null, so nothing shows it was disposed");
                        }

                        try
                        {
                            switch (primitive)
                            {
                                case System.Threading.WaitHandle h: h.WaitOne(0); break;
                                case System.Threading.SemaphoreSlim s: s.Wait(0); break;
                                case System.Threading.ReaderWriterLockSlim l: l.TryEnterReadLock(0); break;
                                case System.Threading.ManualResetEventSlim e: e.Wait(0); break;
                                case System.Threading.CountdownEvent c: c.Wait(0); break;
                                case System.Threading.Barrier b: b.AddParticipant(); break;
                                default: throw new InvalidOperationException(scenario + ": no probe for " + primitive.GetType());
                            }
                        }
                        catch (ObjectDisposedException)
                        {
                            return;
                        }

                        throw new InvalidOperationException(scenario + ": " + primitive.GetType().Name + " still usable (not disposed)");
                    }
                }
            }
            """;
    }
}
