namespace LockLeak.Tests.Robustness
{
    /// <summary>
    /// Seeds for the mutation tests beside the rule tests' inputs: one of each creation and release shape of
    /// SPEC.md, dense in the constructs the engine inspects, so that their damaged versions reach every path of it.
    /// Not asserted on directly; <see cref="RobustnessCorpus"/> collects these literals like any test input.
    /// </summary>
    internal static class ShapeSeeds
    {
        public const string ManagedShapes = """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;

            class NoDispose
            {
                private readonly SemaphoreSlim _gate;
                private Mutex? _mutex;
                public NoDispose() { _gate = new SemaphoreSlim(1); _mutex ??= Mutex.OpenExisting("m"); }
            }

            sealed class SomePaths : IDisposable
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly ManualResetEvent _event = new(false);
                private int _count;
                public void Dispose()
                {
                    if (_count > 0) { _lock.Dispose(); }
                    if (_event is null) return;
                    using (_event) { }
                }
            }

            class Pattern : IDisposable
            {
                private SemaphoreSlim? _gate = new SemaphoreSlim(1, 1);
                private readonly (AutoResetEvent, int) _pair;
                private bool _disposed;
                public Pattern(bool flag) : this() { _pair = (flag ? new AutoResetEvent(true) : new AutoResetEvent(false), 1); }
                public Pattern() { }
                protected virtual void Dispose(bool disposing)
                {
                    if (_disposed) return;
                    if (disposing) { Interlocked.Exchange(ref _gate, null)?.Dispose(); ((IDisposable)_pair.Item1).Dispose(); }
                    _disposed = true;
                }
                public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
            }

            class Derived : Pattern
            {
                private readonly CountdownEvent _countdown = Create();
                private static CountdownEvent Create() => new CountdownEvent(2);
                protected override void Dispose(bool disposing) { Release(_countdown); base.Dispose(disposing); }
                private static void Release(IDisposable d) => d.Dispose();
            }

            sealed class Striped : IAsyncDisposable
            {
                private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 4).Select(_ => new SemaphoreSlim(1)).ToArray();
                private readonly List<Barrier> _barriers = [new Barrier(2), new Barrier(3)];
                public ValueTask DisposeAsync()
                {
                    foreach (var s in _stripes) s.Dispose();
                    _barriers.ForEach(b => b.Dispose());
                    return default;
                }
            }

            sealed class Holder : IDisposable
            {
                private readonly SemaphoreSlim _inner = new SemaphoreSlim(1);
                public static Holder Create() => new Holder();
                public void Dispose() => _inner.Dispose();
            }

            class HolderOwner
            {
                private readonly Holder _holder = Holder.Create();
                private readonly Holder _other;
                public HolderOwner(Holder other) { _other = other; var dropped = new SemaphoreSlim(0); _ = new Mutex(); }
            }

            partial class Split { private readonly EventWaitHandle _handle = new EventWaitHandle(false, EventResetMode.AutoReset); }
            partial class Split : IDisposable { public void Dispose() => _handle.Close(); }

            struct Owner : IDisposable
            {
                private readonly SemaphoreSlim _gate;
                public Owner(int n) { _gate = new SemaphoreSlim(n); }
                public void Dispose() => _gate?.Dispose();
            }

            record Rec(SemaphoreSlim Given) : IDisposable
            {
                public ReaderWriterLockSlim Lock { get; } = new ReaderWriterLockSlim();
                public void Dispose() { }
            }

            class Generic<T> : IDisposable where T : class
            {
                private static readonly Mutex Shared = new Mutex();
                private readonly Semaphore _sem = new Semaphore(1, 2);
                public void Dispose() { Action a = () => _sem.Dispose(); a(); }
                ~Generic() { }
            }

            class Primary(SemaphoreSlim given) : IDisposable
            {
                private readonly SemaphoreSlim _given = given;
                private readonly SemaphoreSlim _own = new(1);
                public void Dispose() { Local(); void Local() => _own.Dispose(); }
            }
            """;

        public const string NativeShapes = """
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.Runtime.InteropServices;
            using Microsoft.Win32.SafeHandles;

            internal sealed class StoreObject
            {
                private readonly IntPtr _cs;
                public StoreObject() { _cs = Marshal.AllocHGlobal(64); InitializeCriticalSection(_cs); }
                [DllImport("kernel32.dll")] private static extern void InitializeCriticalSection(IntPtr cs);
            }

            internal sealed class ByRef : IDisposable
            {
                private CRITICAL_SECTION _cs;
                public ByRef() { InitializeCriticalSectionAndSpinCount(ref _cs, 4000); }
                public void Dispose() { DeleteCriticalSection(ref _cs); }
                [DllImport("kernel32.dll")] private static extern bool InitializeCriticalSectionAndSpinCount(ref CRITICAL_SECTION cs, int spin);
                [DllImport("kernel32.dll")] private static extern void DeleteCriticalSection(ref CRITICAL_SECTION cs);
            }

            [StructLayout(LayoutKind.Sequential)]
            internal struct CRITICAL_SECTION { public IntPtr DebugInfo; public int LockCount; public int RecursionCount; public IntPtr OwningThread; public IntPtr LockSemaphore; public UIntPtr SpinCount; }

            internal unsafe class Posix : IDisposable
            {
                private readonly void* _mutex = NativeMemory.AllocZeroed(64);
                private IntPtr _event;
                public Posix()
                {
                    pthread_mutex_init(_mutex, null);
                    _event = CreateEventW(IntPtr.Zero, true, false, null);
                }
                ~Posix() => Dispose(false);
                public void Dispose() { Dispose(true); GC.SuppressFinalize(this); }
                protected virtual void Dispose(bool disposing)
                {
                    if (disposing) { pthread_mutex_destroy(_mutex); }
                    if (_event != IntPtr.Zero) { CloseHandle(_event); _event = IntPtr.Zero; }
                }
                [DllImport("libc")] private static extern int pthread_mutex_init(void* mutex, void* attr);
                [DllImport("libc")] private static extern int pthread_mutex_destroy(void* mutex);
                [DllImport("kernel32.dll", CharSet = CharSet.Unicode)] private static extern IntPtr CreateEventW(IntPtr a, bool manual, bool initial, string? name);
                [DllImport("kernel32.dll")] private static extern bool CloseHandle(IntPtr handle);
            }

            internal sealed partial class Imported
            {
                private readonly SafeWaitHandle _handle;
                private readonly IntPtr _memory = Marshal.AllocCoTaskMem(40);
                public Imported() { _handle = CreateMutex(IntPtr.Zero, false, "x"); InitCs(_memory); }
                ~Imported() { DeleteCriticalSection(_memory); }
                [LibraryImport("kernel32.dll", EntryPoint = "CreateMutexW", StringMarshalling = StringMarshalling.Utf16)] private static partial SafeWaitHandle CreateMutex(IntPtr a, [MarshalAs(UnmanagedType.Bool)] bool owner, string name);
                [LibraryImport("kernel32.dll", EntryPoint = "InitializeCriticalSection")] private static partial void InitCs(IntPtr cs);
                [LibraryImport("kernel32.dll")] private static partial void DeleteCriticalSection(IntPtr cs);
            }

            internal sealed class Handle : SafeHandle
            {
                public Handle() : base(IntPtr.Zero, true) { handle = CreateSemaphore(IntPtr.Zero, 1, 1, null); }
                public override bool IsInvalid => handle == IntPtr.Zero;
                protected override bool ReleaseHandle() => CloseHandle(handle);
                [DllImport("kernel32.dll", CharSet = CharSet.Unicode, EntryPoint = "CreateSemaphoreW")] private static extern IntPtr CreateSemaphore(IntPtr a, int initial, int max, string? name);
                [DllImport("kernel32.dll")] private static extern bool CloseHandle(IntPtr handle);
            }

            internal sealed class Wrapper : IDisposable
            {
                private IntPtr _cs = Marshal.AllocHGlobal(64);
                public Wrapper() { InitializeCriticalSectionEx(_cs, 0, 0); }
                public void Dispose() { }
                [DllImport("kernel32.dll")] private static extern bool InitializeCriticalSectionEx(IntPtr cs, int spin, int flags);
            }

            internal class WrapperOwner
            {
                [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed")]
                private readonly Wrapper _suppressed = new Wrapper();
            #pragma warning disable IDISP006
                private readonly Wrapper _pragma = new Wrapper();
            #pragma warning restore IDISP006
                private readonly Wrapper _plain = new Wrapper();
            }
            """;
    }
}
