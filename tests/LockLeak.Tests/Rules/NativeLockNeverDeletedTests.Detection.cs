using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK003 on native locks found by meaning: arrays of handles, locks at offsets into owned memory, one field created on two platforms.</summary>
    public partial class NativeLockNeverDeletedTests
    {
        private const string EventImports = """

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """;

        // ------------------------------------------------------------ arrays of native handles

        [Fact]
        public Task HandleArrayFilledByConstructorLoop_NeverClosed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events;

                public EventSet(int count)
                {
                    _events = new IntPtr[count];
                    for (var i = 0; i < count; i++)
                    {
                        _events[i] = {|#0:CreateEvent(IntPtr.Zero, true, false, null)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                }
            """ + EventImports,
            Lck003(0).WithLocation(1).WithMessage("'EventSet' initializes native event handle '_events' with CreateEvent but never calls CloseHandle"));

        private const string HandleArrayNeverClosed = """
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events;

                public EventSet(int count)
                {
                    _events = new IntPtr[count];
                    for (var i = 0; i < count; i++)
                    {
                        _events[i] = {|#0:CreateEvent(IntPtr.Zero, true, false, null)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                }
            """ + EventImports;

        [Fact]
        public Task HandleArrayNeverClosed_FixClosesEveryNonZeroHandleAndZeroesIt() => Verify.FixAsync(
            HandleArrayNeverClosed,
            """
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events;

                public EventSet(int count)
                {
                    _events = new IntPtr[count];
                    for (var i = 0; i < count; i++)
                    {
                        _events[i] = CreateEvent(IntPtr.Zero, true, false, null);
                    }
                }

                public void Dispose()
                {
                    if (_events != null)
                    {
                        for (var i = 0; i < _events.Length; i++)
                        {
                            if (_events[i] != IntPtr.Zero)
                            {
                                CloseHandle(_events[i]);
                                _events[i] = IntPtr.Zero;
                            }
                        }
                    }
                }
            """ + EventImports,
            Lck003(0).WithLocation(1));

        [Fact]
        public Task NintListFilledByConstructorLoop_NeverClosed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly List<nint> _events = new List<nint>();

                public EventSet(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _events.Add({|#0:CreateEvent(IntPtr.Zero, true, false, null)|});
                    }
                }

                public void {|#1:Dispose|}()
                {
                }
            """ + EventImports,
            Lck003(0).WithLocation(1).WithMessage("'EventSet' initializes native event handle '_events' with CreateEvent but never calls CloseHandle"));

        [Fact]
        public Task HandleArrayByLinq_NeverClosed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Linq;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events = Enumerable.Range(0, 4).Select(_ => {|#0:CreateEvent(IntPtr.Zero, true, false, null)|}).ToArray();

                public void {|#1:Dispose|}()
                {
                }
            """ + EventImports,
            Lck003(0).WithLocation(1).WithMessage("'EventSet' initializes native event handle '_events' with CreateEvent but never calls CloseHandle"));

        [Theory]
        [InlineData("foreach (var handle in _events) { CloseHandle(handle); }")]
        [InlineData("for (var i = 0; i < _events.Length; i++) { CloseHandle(_events[i]); }")]
        [InlineData("Array.ForEach(_events, h => CloseHandle(h));")]
        public Task HandleArray_EveryElementClosed_NoDiagnostic(string release) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events;

                public EventSet(int count)
                {
                    _events = new IntPtr[count];
                    for (var i = 0; i < count; i++)
                    {
                        _events[i] = CreateEvent(IntPtr.Zero, true, false, null);
                    }
                }

                public void Dispose()
                {
                    {{release}}
                }
            """ + EventImports);

        // A helper that closes every handle of the array it is passed releases the collection (SPEC: "a helper that
        // releases every element"); one that closes some of them does not.
        private static string HandleArrayClosedBy(string dispose, string members) => $$"""
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events;

                public EventSet(int count)
                {
                    _events = new IntPtr[count];
                    for (var i = 0; i < count; i++)
                    {
                        _events[i] = {|#0:CreateEvent(IntPtr.Zero, true, false, null)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                    {{dispose}}
                }

                {{members}}

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                internal static extern bool CloseHandle(IntPtr handle);
            }

            static class Handles
            {
                public static void CloseEach(IntPtr[] handles)
                {
                    foreach (var handle in handles)
                    {
                        EventSet.CloseHandle(handle);
                    }
                }

                public static void CloseFirst(IntPtr[] handles) => EventSet.CloseHandle(handles[0]);
            }
            """;

        [Theory]
        [InlineData("CloseAll(_events);", "private static void CloseAll(IntPtr[] hs) { foreach (var h in hs) CloseHandle(h); }")]
        [InlineData("CloseAll(_events);", "private static void CloseAll(IntPtr[] hs) { for (var i = 0; i < hs.Length; i++) { CloseHandle(hs[i]); } }")]
        [InlineData("CloseAll(_events);", "private static void CloseAll(IntPtr[] hs) => Array.ForEach(hs, h => CloseHandle(h));")]
        [InlineData("CloseAll(_events);", "private static void CloseAll(params IntPtr[] hs) { foreach (var h in hs) { if (h != IntPtr.Zero) CloseHandle(h); } }")]
        [InlineData("Handles.CloseEach(_events);", "")]
        public Task HandleArray_HelperClosesEveryElement_NoDiagnostic(string dispose, string members) =>
            Verify.DiagnosticsAsync(HandleArrayClosedBy(dispose, members).Replace("{|#0:", string.Empty).Replace(")|};", ");").Replace("{|#1:Dispose|}", "Dispose"));

        [Theory]
        [InlineData("Handles.CloseFirst(_events);", "")]
        [InlineData("CloseFirst(_events);", "private static void CloseFirst(IntPtr[] hs) => CloseHandle(hs[0]);")]
        [InlineData("Touch(_events);", "private static void Touch(IntPtr[] hs) { foreach (var h in hs) GC.KeepAlive(h); }")]
        public Task HandleArray_HelperClosesSomeElements_Reports(string dispose, string members) =>
            Verify.DiagnosticsAsync(HandleArrayClosedBy(dispose, members),
                Lck003(0).WithLocation(1).WithMessage("'EventSet' initializes native event handle '_events' with CreateEvent but never calls CloseHandle"));

        [Fact]
        public Task HandleArrayHandedIn_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;

            sealed class EventSet
            {
                private readonly IntPtr[] _events;

                public EventSet(IntPtr[] events) => _events = events;
            }
            """);

        // ------------------------------------------------------------ locks at an offset into memory the type allocated

        private const string PthreadImports = """

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);

                [DllImport("libc")]
                private static extern int pthread_cond_destroy(IntPtr cond);
            }
            """;

        [Fact]
        public Task ConditionAtOffsetInBlock_NeverDestroyed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Waiter : IDisposable
            {
                private readonly IntPtr _block;

                public Waiter()
                {
                    _block = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_block, IntPtr.Zero);
                    {|#0:pthread_cond_init(_block + 64, IntPtr.Zero)|};
                }

                public void {|#1:Dispose|}()
                {
                    pthread_mutex_destroy(_block);
                    Marshal.FreeHGlobal(_block);
                }
            """ + PthreadImports,
            Lck003(0).WithLocation(1).WithMessage("'Waiter' initializes pthread condition variable '_block + 64' with pthread_cond_init but never calls pthread_cond_destroy"));

        [Fact]
        public Task TwoLocksInOneBlock_NeitherDestroyed_ReportsEach() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Waiter : IDisposable
            {
                private readonly IntPtr _block;

                public Waiter()
                {
                    _block = Marshal.AllocHGlobal(128);
                    {|#0:pthread_mutex_init(_block, IntPtr.Zero)|};
                    {|#2:pthread_cond_init(IntPtr.Add(_block, 64), IntPtr.Zero)|};
                }

                public void {|#1:Dispose|}()
                {
                    Marshal.FreeHGlobal(_block);
                }
            """ + PthreadImports,
            Lck003(0).WithLocation(1).WithMessage("'Waiter' initializes pthread mutex '_block' with pthread_mutex_init but never calls pthread_mutex_destroy"),
            Lck003(2).WithLocation(1).WithMessage("'Waiter' initializes pthread condition variable '_block + 64' with pthread_cond_init but never calls pthread_cond_destroy"));

        [Fact]
        public Task TwoLocksInOneBlock_BothDestroyed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Waiter : IDisposable
            {
                private readonly IntPtr _block;

                public Waiter()
                {
                    _block = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_block, IntPtr.Zero);
                    pthread_cond_init(_block + 64, IntPtr.Zero);
                }

                public void Dispose()
                {
                    pthread_cond_destroy(_block + 64);
                    pthread_mutex_destroy(_block);
                    Marshal.FreeHGlobal(_block);
                }
            """ + PthreadImports);

        private const string PairStruct = """

            struct Pair
            {
                public long Mutex0;
                public long Mutex1;
                public long Cond0;
                public long Cond1;
            }
            """;

        [Fact]
        public Task LockInFieldOfAllocatedStruct_NeverDestroyed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            unsafe sealed class Waiter : IDisposable
            {
                private readonly Pair* _pair;

                public Waiter()
                {
                    _pair = (Pair*)NativeMemory.Alloc((nuint)sizeof(Pair));
                    pthread_mutex_init(&_pair->Mutex0, null);
                    {|#0:pthread_cond_init(&_pair->Cond0, null)|};
                }

                public void {|#1:Dispose|}()
                {
                    pthread_mutex_destroy(&_pair->Mutex0);
                    NativeMemory.Free(_pair);
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(long* mutex, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_cond_init(long* cond, void* attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(long* mutex);
            }
            """ + PairStruct,
            Lck003(0).WithLocation(1).WithMessage("'Waiter' initializes pthread condition variable '_pair->Cond0' with pthread_cond_init but never calls pthread_cond_destroy"));

        private const string OffsetNeverDestroyed = """
            using System;
            using System.Runtime.InteropServices;

            sealed class Waiter : IDisposable
            {
                private readonly IntPtr _block;

                public Waiter()
                {
                    _block = Marshal.AllocHGlobal(128);
                    pthread_mutex_init(_block, IntPtr.Zero);
                    {|#0:pthread_cond_init(_block + 64, IntPtr.Zero)|};
                }

                public void {|#1:Dispose|}()
                {
                    pthread_mutex_destroy(_block);
                    Marshal.FreeHGlobal(_block);
                }
            """ + PthreadImports;

        [Fact]
        public Task ConditionAtOffsetInBlock_NoFixYet() => Verify.FixAsync(OffsetNeverDestroyed, OffsetNeverDestroyed, Lck003(0).WithLocation(1));

        // ------------------------------------------------------------ one field, a native lock on each platform

        [Fact]
        public Task OneFieldTwoPlatforms_NeitherReleased_ReportsEach() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private readonly IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = {|#0:CreateMutexW(IntPtr.Zero, false, null)|};
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        {|#2:pthread_mutex_init(_lock, IntPtr.Zero)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string name);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """,
            Lck003(0).WithLocation(1),
            Lck003(2).WithLocation(1));

        [Fact]
        public Task OneFieldTwoPlatforms_OnlyWindowsReleased_ReportsPthread() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private readonly IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = CreateMutexW(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        {|#0:pthread_mutex_init(_lock, IntPtr.Zero)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_lock);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """,
            Lck003(0).WithLocation(1));

        [Fact]
        public Task OneFieldTwoPlatforms_OnlyWindowsReleased_FixDestroysThePthreadMutexOffWindows() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private readonly IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = CreateMutexW(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        {|#0:pthread_mutex_init(_lock, IntPtr.Zero)|};
                    }
                }

                public void {|#1:Dispose|}()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_lock);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private readonly IntPtr _lock;
                private bool _disposed;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = CreateMutexW(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_lock, IntPtr.Zero);
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_lock);
                    }

                    if (!_disposed)
                    {
                        if (!OperatingSystem.IsWindows())
                        {
                            pthread_mutex_destroy(_lock);
                            Marshal.FreeHGlobal(_lock);
                        }

                        _disposed = true;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """,
            Lck003(0).WithLocation(1));

        [Fact]
        public Task OneFieldTwoPlatforms_BothReleased_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class CrossLock : IDisposable
            {
                private readonly IntPtr _lock;

                public CrossLock()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        _lock = CreateMutexW(IntPtr.Zero, false, null);
                    }
                    else
                    {
                        _lock = Marshal.AllocHGlobal(64);
                        pthread_mutex_init(_lock, IntPtr.Zero);
                    }
                }

                public void Dispose()
                {
                    if (OperatingSystem.IsWindows())
                    {
                        CloseHandle(_lock);
                    }
                    else
                    {
                        pthread_mutex_destroy(_lock);
                        Marshal.FreeHGlobal(_lock);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);
    }
}
