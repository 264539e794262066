namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The test-only runtime the fixed owners run against, compiled into every run assembly. The run variant of a
    /// fixed file calls it instead of NativeMemory / Marshal allocation and instead of its lock P/Invokes, so that:
    /// - every allocation is real (the shim calls the real allocator) and recorded with its size and family;
    /// - a free of a live block is real and counted; a second free, a free of a pointer never allocated, or a free
    ///   with the wrong family is recorded as a violation and NOT passed on, so the process survives to report it;
    /// - pthread_mutex_init/destroy run for real (libc) and a marker word the shim keeps beyond glibc's 40 bytes of
    ///   the 64-byte lock records init/destroy, so a destroy of a null, freed, never-initialized or already destroyed
    ///   lock is recorded instead of crashing, and so is memory freed while its lock is still initialized;
    /// - Initialize/DeleteCriticalSection cannot run on Linux: they are emulated by the same marker (the memory
    ///   behind them is still real), which checks the owner's bookkeeping but not Windows itself.
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
                        lock (Gate)
                        {
                            if (Violations.Count > 0)
                            {
                                throw new InvalidOperationException(scenario + ": " + string.Join("; ", Violations) + " (" + State() + ")");
                            }

                            if (balanced && (Frees != Allocations || Destroys != Inits))
                            {
                                throw new InvalidOperationException(scenario + ": not released exactly once (" + State() + ")");
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
                    private const long Destroyed = 0x44454C4341524F;

                    [DllImport("libc", EntryPoint = "pthread_mutex_init")]
                    private static extern int RealInit(void* mutex, void* attr);

                    [DllImport("libc", EntryPoint = "pthread_mutex_destroy")]
                    private static extern int RealDestroy(void* mutex);

                    public static bool IsInitialized(void* p) => *(long*)((byte*)p + MarkerOffset) == Initialized;

                    public static int Init(bool pthread, void* p)
                    {
                        if (p == null || Ledger.IsFreed(p))
                        {
                            Ledger.Violation(p == null ? "lock initialized at a null pointer" : "lock initialized in freed memory");
                            return 22;
                        }

                        var marker = (long*)((byte*)p + MarkerOffset);
                        if (*marker == Initialized)
                        {
                            Ledger.Violation("lock initialized twice");
                        }

                        var result = pthread ? RealInit(p, null) : 0;
                        *marker = Initialized;
                        Ledger.Inits++;
                        return result;
                    }

                    public static int Destroy(bool pthread, void* p)
                    {
                        if (p == null)
                        {
                            Ledger.Violation("lock destroyed through a null pointer (SIGSEGV in real code)");
                            return 22;
                        }

                        if (Ledger.IsFreed(p))
                        {
                            Ledger.Violation("lock destroyed after its memory was freed (use after free)");
                            return 22;
                        }

                        var marker = (long*)((byte*)p + MarkerOffset);
                        if (*marker != Initialized)
                        {
                            Ledger.Violation(*marker == Destroyed ? "lock destroyed twice" : "lock destroyed but never initialized");
                            return 22;
                        }

                        var result = pthread ? RealDestroy(p) : 0;
                        *marker = Destroyed;
                        Ledger.Destroys++;
                        return result;
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
