using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK002 on ownership: SPEC's escapes (only the sinks it lists) and factories of any type of the compilation.</summary>
    public partial class LockNotReleasedInDisposeTests
    {
        private static DiagnosticResult Lck002(int creation, int dispose, string member, string primitive, string site = "in its constructor") =>
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(creation).WithLocation(dispose)
                .WithArguments("Worker", primitive, member, site, " in Dispose()");

        private static DiagnosticResult Lck002At(int creation, int dispose, string message) =>
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(creation).WithLocation(dispose).WithMessage(message);

        // ------------------------------------------------------------ use is not hand-over

        [Fact]
        public Task TemporaryArrayForWaitAll_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly ManualResetEvent _ready;
                private readonly ManualResetEvent _stopped;

                public Worker()
                {
                    _ready = {|#0:new ManualResetEvent(false)|};
                    _stopped = {|#1:new ManualResetEvent(false)|};
                }

                public bool WaitBoth(int timeout) => WaitHandle.WaitAll(new WaitHandle[] { _ready, _stopped }, timeout);

                public void {|#2:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 2, "_ready", "ManualResetEvent"),
            Lck002(1, 2, "_stopped", "ManualResetEvent"));

        [Fact]
        public Task SignalAndWaitAndRegisterWait_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly AutoResetEvent _signal = {|#0:new AutoResetEvent(false)|};
                private readonly AutoResetEvent _done = {|#1:new AutoResetEvent(false)|};

                public void Run()
                {
                    ThreadPool.RegisterWaitForSingleObject(_signal, (state, timedOut) => { }, null, -1, true);
                    WaitHandle.SignalAndWait(_signal, _done);
                }

                public void {|#2:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 2, "_signal", "AutoResetEvent", "in its field initializer"),
            Lck002(1, 2, "_done", "AutoResetEvent", "in its field initializer"));

        [Fact]
        public Task WaitHandleReadAndLambdaCapture_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Worker : IDisposable
            {
                private readonly ManualResetEventSlim _started = {|#0:new ManualResetEventSlim()|};

                public WaitHandle Started => _started.WaitHandle;

                public Task Start() => Task.Run(() => _started.Set());

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 1, "_started", "ManualResetEventSlim", "in its field initializer"));

        [Fact]
        public Task PassedToConstructorThatOnlyUsesIt_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Probe
            {
                public Probe(WaitHandle handle)
                {
                    IsSet = handle.WaitOne(0);
                }

                public bool IsSet { get; }
            }

            sealed class Worker : IDisposable
            {
                private readonly ManualResetEvent _ready = {|#0:new ManualResetEvent(false)|};

                public bool IsReady => new Probe(_ready).IsSet;

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 1, "_ready", "ManualResetEvent", "in its field initializer"));

        [Fact]
        public Task AddedToCompositeThatIsNeverDisposed_StillReports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly List<IDisposable> _resources = new List<IDisposable>();
                private readonly Semaphore _gate;

                public Worker()
                {
                    _gate = {|#0:new Semaphore(1, 1)|};
                    _resources.Add(_gate);
                }

                public void {|#1:Dispose|}()
                {
                    _resources.Clear();
                }
            }
            """,
            Lck002(0, 1, "_gate", "Semaphore"));

        // ------------------------------------------------------------ SPEC's sinks: hand-over

        [Fact]
        public Task AddedToCompositeThatIsDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly List<IDisposable> _resources = new List<IDisposable>();
                private readonly SemaphoreSlim _gate;

                public Worker()
                {
                    _gate = new SemaphoreSlim(1);
                    _resources.Add(_gate);
                }

                public void Dispose()
                {
                    foreach (var resource in _resources)
                    {
                        resource.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task PassedToConstructorThatStoresIt_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Session : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Session(SemaphoreSlim gate)
                {
                    _gate = gate ?? throw new ArgumentNullException(nameof(gate));
                }

                public void Dispose() => _gate.Dispose();
            }

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private Session? _session;

                public void Open() => _session = new Session(_gate);

                public void Dispose() => _session?.Dispose();
            }
            """);

        [Fact]
        public Task AssignedToAnotherObjectsProperty_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Registry
            {
                public Mutex? Current { get; set; }
            }

            sealed class Worker : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                public void Publish(Registry registry) => registry.Current = _mutex;

                public void Dispose()
                {
                }
            }
            """);

        // ------------------------------------------------------------ factories of any type of the compilation

        [Fact]
        public Task StaticFactoryOfHelperClass_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            static class Throttles
            {
                public static Semaphore CreateMutexLike() => new(1, 1);
            }

            sealed class Worker : IDisposable
            {
                private readonly Semaphore _gate;

                public Worker()
                {
                    _gate = {|#0:Throttles.CreateMutexLike()|};
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 1, "_gate", "Semaphore"));

        [Fact]
        public Task StaticFactoryOfHelperClass_Released_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            static class Throttles
            {
                public static SemaphoreSlim CreateMutexLike() => new(1, 1);
            }

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _gate = Throttles.CreateMutexLike();

                public void Dispose() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task InstanceFactoryReturningThroughLocal_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class GateFactory
            {
                public int Limit { get; set; } = 4;

                public Semaphore Create(bool exclusive)
                {
                    Semaphore gate;
                    if (exclusive)
                    {
                        gate = new Semaphore(1, 1);
                    }
                    else
                    {
                        gate = new Semaphore(Limit, Limit);
                    }

                    return gate;
                }
            }

            sealed class Worker : IDisposable
            {
                private readonly Semaphore _gate;

                public Worker(GateFactory factory)
                {
                    _gate = {|#0:factory.Create(exclusive: true)|};
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            Lck002(0, 1, "_gate", "Semaphore"));

        [Fact]
        public Task LookupThatMayReturnCachedInstance_NotAFactory_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            static class Gates
            {
                private static readonly Dictionary<string, SemaphoreSlim> Cache = new Dictionary<string, SemaphoreSlim>();
                private static SemaphoreSlim? _shared;

                public static SemaphoreSlim For(string name)
                {
                    if (Cache.TryGetValue(name, out var existing))
                    {
                        return existing;
                    }

                    return Cache[name] = new SemaphoreSlim(1);
                }

                public static SemaphoreSlim Shared() => _shared ??= new SemaphoreSlim(1);
            }

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _named = Gates.For("store");
                private readonly SemaphoreSlim _shared = Gates.Shared();

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task VirtualFactory_NotAFactory_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class GateFactory
            {
                public virtual SemaphoreSlim Create() => new SemaphoreSlim(1);
            }

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Worker(GateFactory factory)
                {
                    _gate = factory.Create();
                }

                public void Dispose()
                {
                }
            }
            """);

        // ------------------------------------------------------------ fixes on the newly reported shapes

        [Fact]
        public Task TemporaryArrayForWaitAll_FixReleasesBothInDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly ManualResetEvent _ready = {|LCK002:new ManualResetEvent(false)|};
                private readonly ManualResetEvent _stopped = {|LCK002:new ManualResetEvent(false)|};

                public bool WaitBoth(int timeout) => WaitHandle.WaitAll(new WaitHandle[] { _ready, _stopped }, timeout);

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly ManualResetEvent _ready = new ManualResetEvent(false);
                private readonly ManualResetEvent _stopped = new ManualResetEvent(false);

                public bool WaitBoth(int timeout) => WaitHandle.WaitAll(new WaitHandle[] { _ready, _stopped }, timeout);

                public void Dispose()
                {
                    _ready.Dispose();
                    _stopped.Dispose();
                }
            }
            """);

        [Fact]
        public Task StaticFactoryOfHelperClass_FixReleasesInDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            static class Throttles
            {
                public static Semaphore CreateMutexLike() => new(1, 1);
            }

            sealed class Worker : IDisposable
            {
                private readonly Semaphore _gate = {|LCK002:Throttles.CreateMutexLike()|};

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            static class Throttles
            {
                public static Semaphore CreateMutexLike() => new(1, 1);
            }

            sealed class Worker : IDisposable
            {
                private readonly Semaphore _gate = Throttles.CreateMutexLike();

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        // ------------------------------------------------------------ release verbs reach helpers of the compilation

        private const string HelperCallingConfiguredVerb = """
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Shutdown() => _gate.Dispose();

                public void Dispose() => Shutdown();
            }

            static class Locks
            {
                public static void Stop(StoreLock storeLock) => storeLock.Shutdown();
            }

            sealed class Worker : IDisposable
            {
                private readonly StoreLock _lock = {|#0:new StoreLock()|};

                public void {|#1:Dispose|}() => Locks.Stop(_lock);
            }
            """;

        [Fact]
        public Task HelperCallingConfiguredReleaseMethodOnParameter_NoDiagnostic() => Verify.DiagnosticsAsync(
            HelperCallingConfiguredVerb.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty),
            "lockleak.release_methods = Shutdown\n");

        [Fact]
        public Task HelperCallingUnconfiguredMethodOnParameter_Reports() => Verify.DiagnosticsAsync(
            HelperCallingConfiguredVerb,
            Lck002(0, 1, "_lock", "StoreLock (which holds Semaphore '_gate')", "in its field initializer"));

        // ------------------------------------------------------------ wrappers own what they hold: a lease is not a wrapper

        private const string GateLease = """

            sealed class GateLease : IDisposable
            {
                private readonly Semaphore _gate;

                public GateLease(Semaphore gate)
                {
                    _gate = gate ?? throw new ArgumentNullException(nameof(gate));
                    _gate.WaitOne();
                }

                public void Dispose() => _gate.Release();
            }
            """;

        [Fact]
        public Task LeaseOfCallersSemaphore_StoredNotDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Store : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);
                private readonly GateLease _lease;

                public Store()
                {
                    _lease = new GateLease(_gate);
                }

                public void Dispose() => _gate.Dispose();
            }
            """ + GateLease);

        [Fact]
        public Task LeaseOfCallersSemaphore_DroppedInConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Store
            {
                public Store(Semaphore gate)
                {
                    var lease = new GateLease(gate);
                }
            }
            """ + GateLease);

        [Fact]
        public Task LeaseByPrimaryConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Lease(Mutex mutex) : IDisposable
            {
                private readonly Mutex _mutex = mutex;

                public void Dispose() => _mutex.ReleaseMutex();
            }

            sealed class Store
            {
                private readonly Lease _lease;

                public Store(Mutex mutex) => _lease = new Lease(mutex);
            }
            """);

        [Fact]
        public Task WrapperThatCreatesWhenNoneIsHandedIn_StillAWrapper_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private readonly Semaphore _semaphore;

                public Gate(Semaphore? semaphore = null)
                {
                    _semaphore = semaphore ?? new Semaphore(1, 1);
                }

                public void Dispose() => _semaphore.Dispose();
            }

            sealed class Store : IDisposable
            {
                private readonly Gate _gate = {|#0:new Gate()|};

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            Lck002At(0, 1, "'Store' creates Gate (which holds Semaphore '_semaphore') '_gate' in its field initializer but never releases it in Dispose()"));

        [Fact]
        public Task DerivedLeaseOverWrapperBase_NotAWrapper_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class GateBase : IDisposable
            {
                protected readonly Mutex Mutex = new Mutex();

                public virtual void Dispose() => Mutex.Dispose();
            }

            sealed class Lease : GateBase
            {
                public override void Dispose() => Mutex.ReleaseMutex();
            }

            sealed class Store
            {
                private readonly Lease _lease = new Lease();
            }
            """);

        // ------------------------------------------------------------ a composite's factory takes what it is given

        private const string Composites = """

            static class StableCompositeDisposable
            {
                public static IDisposable Create(IDisposable first, IDisposable second) => new Many(new[] { first, second });
            }

            static class CompositeDisposable
            {
                public static ICancelable Create(params IDisposable[] items) => new Many(items);
            }

            interface ICancelable : IDisposable
            {
                bool IsDisposed { get; }
            }

            sealed class Many : ICancelable
            {
                private readonly IDisposable[] _items;

                public Many(IDisposable[] items) => _items = items;

                public bool IsDisposed { get; private set; }

                public void Dispose()
                {
                    IsDisposed = true;
                    foreach (var item in _items)
                    {
                        item.Dispose();
                    }
                }
            }
            """;

        [Fact]
        public Task HandedToStableCompositeFactory_ResultDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Subscription : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();
                private readonly ManualResetEvent _done = new ManualResetEvent(false);
                private readonly IDisposable _all;

                public Subscription()
                {
                    _all = StableCompositeDisposable.Create(_mutex, _done);
                }

                public void Dispose() => _all.Dispose();
            }
            """ + Composites);

        [Fact]
        public Task HandedToParamsCompositeFactory_ResultDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Subscription : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();
                private readonly Semaphore _semaphore = new Semaphore(1, 1);
                private ICancelable? _all;

                public Subscription()
                {
                    _all = CompositeDisposable.Create(_mutex, _semaphore);
                }

                public void Dispose() => _all?.Dispose();
            }
            """ + Composites);

        [Fact]
        public Task HandedToCompositeFactory_ResultNeverDisposed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Subscription : IDisposable
            {
                private readonly Mutex _mutex = {|#0:new Mutex()|};
                private readonly ManualResetEvent _done = {|#2:new ManualResetEvent(false)|};
                private readonly IDisposable _all;

                public Subscription()
                {
                    _all = StableCompositeDisposable.Create(_mutex, _done);
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """ + Composites,
            Lck002At(0, 1, "'Subscription' creates Mutex '_mutex' in its field initializer but never releases it in Dispose()"),
            Lck002At(2, 1, "'Subscription' creates ManualResetEvent '_done' in its field initializer but never releases it in Dispose()"));

        [Fact]
        public Task PassedToStaticMethodThatIsNoComposite_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            static class Diagnostics
            {
                public static IDisposable Trace(IDisposable resource) => new Many(new[] { resource });

                public static void Log(IDisposable resource) => Console.WriteLine(resource);
            }

            sealed class Subscription : IDisposable
            {
                private readonly Mutex _mutex = {|#0:new Mutex()|};
                private readonly IDisposable _trace;

                public Subscription()
                {
                    Diagnostics.Log(_mutex);
                    _trace = Diagnostics.Trace(_mutex);
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """ + Composites,
            Lck002At(0, 1, "'Subscription' creates Mutex '_mutex' in its field initializer but never releases it in Dispose()"));
    }
}
