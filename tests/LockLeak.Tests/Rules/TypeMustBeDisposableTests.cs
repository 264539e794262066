using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK001: the type creates a lock primitive and has no Dispose, DisposeAsync or finalizer.</summary>
    public class TypeMustBeDisposableTests
    {
        [Fact]
        public Task Constructor_CreatesSemaphore_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly Semaphore _gate;

                public StoreContext()
                {
                    _gate = {|#0:new Semaphore(1, 1)|};
                }

                public void Enter() => _gate.WaitOne();
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("StoreContext", "Semaphore", "_gate", "in its constructor"));

        [Fact]
        public Task ChainedConstructor_CreatesMutex_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly Mutex _mutex;

                public StoreContext() : this("store") { }

                public StoreContext(string name)
                {
                    _mutex = {|LCK001:new Mutex(false, name)|};
                }
            }
            """);

        [Fact]
        public Task FieldInitializer_TargetTypedNew_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly ReaderWriterLockSlim _lock = {|#0:new()|};
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("StoreContext", "ReaderWriterLockSlim", "_lock", "in its field initializer"));

        [Fact]
        public Task AutoPropertyInitializer_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public ManualResetEvent Ready { get; } = {|LCK001:new ManualResetEvent(false)|};
            }
            """);

        [Fact]
        public Task PrivateMethodCalledFromConstructor_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private AutoResetEvent _signal;

                public StoreContext() => Init();

                private void Init()
                {
                    _signal = {|#0:new AutoResetEvent(false)|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("StoreContext", "AutoResetEvent", "_signal", "in 'Init'"));

        [Fact]
        public Task ThroughLocal_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly CountdownEvent _pending;

                public StoreContext(int count)
                {
                    var pending = {|LCK006:new CountdownEvent(count)|};
                    _pending = pending;
                }
            }
            """);

        [Fact]
        public Task ThroughTupleDeconstruction_ReportsBoth() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _read;
                private readonly SemaphoreSlim _write;

                public StoreContext()
                {
                    (_read, _write) = ({|LCK006:new SemaphoreSlim(4)|}, {|LCK006:new SemaphoreSlim(1)|});
                }
            }
            """);

        [Fact]
        public Task ThroughConditionalExpression_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext(bool exclusive)
                {
                    _gate = exclusive ? {|LCK006:new SemaphoreSlim(1)|} : new SemaphoreSlim(8);
                }
            }
            """);

        [Fact]
        public Task ThroughCoalesce_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly Barrier _barrier;

                public StoreContext(Barrier shared)
                {
                    _barrier = shared ?? {|LCK006:new Barrier(2)|};
                }
            }
            """);

        [Fact]
        public Task ThroughCoalesceAssignment_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate ??= {|LCK006:new SemaphoreSlim(1)|};
                }
            }
            """);

        [Fact]
        public Task FactoryOfPrimitiveType_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly Mutex _mutex = {|LCK001:Mutex.OpenExisting("Global\\store")|};
            }
            """);

        [Fact]
        public Task LocalFactoryMethod_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = CreateGate();
                }

                private static SemaphoreSlim CreateGate() => {|LCK006:new SemaphoreSlim(1, 1)|};
            }
            """);

        [Fact]
        public Task LocalFactoryThatMayReturnNull_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim? _gate;

                public StoreContext(int width)
                {
                    _gate = CreateGate(width);
                }

                private static SemaphoreSlim? CreateGate(int width)
                {
                    if (width <= 0)
                    {
                        return null;
                    }

                    return {|LCK006:new SemaphoreSlim(width)|};
                }
            }
            """);

        // SPEC: a lookup that may return a cached instance is not a factory, of the type's own or of the compilation.
        [Fact]
        public Task LocalLookupThatMayReturnSharedInstance_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private static readonly SemaphoreSlim Shared = new SemaphoreSlim(4);
                private readonly SemaphoreSlim _gate;

                public StoreContext(bool exclusive)
                {
                    _gate = Gate(exclusive);
                }

                private static SemaphoreSlim Gate(bool exclusive)
                {
                    if (!exclusive)
                    {
                        return Shared;
                    }

                    return new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task Struct_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            struct Slot
            {
                private readonly SemaphoreSlim _gate;

                public Slot(int width)
                {
                    _gate = {|LCK006:new SemaphoreSlim(width)|};
                }
            }
            """);

        [Fact]
        public Task Record_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            record Store(string Name)
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """);

        [Fact]
        public Task GenericType_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class Pool<T>
            {
                private readonly SemaphoreSlim _available = {|LCK006:new SemaphoreSlim(4)|};

                public T Rent(T item)
                {
                    _available.Wait();
                    return item;
                }
            }
            """);

        [Fact]
        public Task ConfiguredAdditionalLockType_Reports() => Verify.DiagnosticsAsync("""
            namespace MyCo.Threading
            {
                class Gate
                {
                }

                class StoreContext
                {
                    private readonly Gate _gate = {|LCK001:new Gate()|};
                }
            }
            """,
            "lockleak.additional_lock_types = MyCo.Threading.Gate, MyCo.Native.CritSec\n");

        // Whether GateHolder is a wrapper depends on the folder asking: only /a configures Gate as a lock type. With
        // wrapper answers cached by type alone, whichever folder asked first decided for both.
        [Fact]
        public Task AdditionalLockTypesDifferPerFolder_WrapperDecidedPerFolder()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/shared/GateHolder.cs", """
                using System;

                namespace MyCo.Threading
                {
                    public sealed class Gate : IDisposable
                    {
                        public void Dispose()
                        {
                        }
                    }

                    public sealed class GateHolder : IDisposable
                    {
                        private readonly Gate _gate = new Gate();

                        public void Dispose() => _gate.Dispose();
                    }
                }
                """));
            test.TestState.Sources.Add(("/a/OwnerA.cs", """
                using MyCo.Threading;

                class OwnerA
                {
                    private readonly GateHolder _holder = {|#0:new GateHolder()|};
                }
                """));
            test.TestState.Sources.Add(("/b/OwnerB.cs", """
                using MyCo.Threading;

                class OwnerB
                {
                    private readonly GateHolder _holder = new GateHolder();
                }
                """));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/a/.editorconfig", "[*.cs]\nlockleak.additional_lock_types = MyCo.Threading.Gate\n"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("OwnerA", "GateHolder (which holds Gate '_gate')", "_holder", "in its field initializer"));
            return test.RunAsync();
        }

        [Fact]
        public Task UnconfiguredCustomType_NoDiagnostic() => Verify.DiagnosticsAsync("""
            namespace MyCo.Threading
            {
                class Gate
                {
                }

                class StoreContext
                {
                    private readonly Gate _gate = new Gate();
                }
            }
            """);

        [Fact]
        public Task WrapperCreated_NotDisposable_ReportsWithWhatWrapperHolds() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose() => _gate.Dispose();
            }

            class MsgStore
            {
                private readonly StoreLock _lock = {|#0:new StoreLock()|};
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("MsgStore", "StoreLock (which holds Semaphore '_gate')", "_lock", "in its field initializer"));

        [Fact]
        public Task OwnerOfWrapperOwner_IsNotAWrapper_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock = new StoreLock();

                public void Dispose() => _lock.Dispose();
            }

            class Session
            {
                private readonly MsgStore _store = new MsgStore();
            }
            """);

        [Fact]
        public Task InheritedLockField_DoesNotMakeWrapper_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class LockedBase : IDisposable
            {
                protected readonly SemaphoreSlim Gate = new SemaphoreSlim(1);

                public void Dispose() => Gate.Dispose();
            }

            sealed class Derived : LockedBase
            {
            }

            class Holder
            {
                private readonly Derived _derived = new Derived();
            }
            """);

        [Fact]
        public Task ConstructorParameter_NotOwned_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext(SemaphoreSlim gate)
                {
                    _gate = gate;
                }
            }
            """);

        [Fact]
        public Task PrimaryConstructorParameter_NotOwned_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext(SemaphoreSlim gate)
            {
                private readonly SemaphoreSlim _gate = gate;

                public void Enter() => gate.Wait();
            }
            """);

        [Fact]
        public Task PropertySetByCaller_NotOwned_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public SemaphoreSlim Gate { get; set; }
            }

            class Caller
            {
                public static void Configure(StoreContext context, SemaphoreSlim gate) => context.Gate = gate;
            }
            """);

        [Fact]
        public Task StaticField_LivesForProcess_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1);
                private static Mutex s_mutex;

                static StoreContext()
                {
                    s_mutex = new Mutex();
                }
            }
            """);

        [Fact]
        public Task HandedToOwnerConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Guard : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Guard(SemaphoreSlim gate) => _gate = gate;

                public void Dispose() => _gate.Dispose();
            }

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Guard _guard;

                public StoreContext()
                {
                    _guard = new Guard(_gate);
                }

                public void Dispose() => _guard.Dispose();
            }
            """);

        [Fact]
        public Task AddedToCompositeDisposable_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class Disposables : IDisposable
            {
                private readonly List<IDisposable> _items = new List<IDisposable>();

                public void Add(IDisposable item) => _items.Add(item);

                public void Dispose() => _items.ForEach(i => i.Dispose());
            }

            sealed class StoreContext : IDisposable
            {
                private readonly Disposables _disposables = new Disposables();
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public StoreContext()
                {
                    _disposables.Add(_gate);
                }

                public void Dispose() => _disposables.Dispose();
            }
            """);

        [Fact]
        public Task NotLockPrimitives_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly object _sync = new object();
                private readonly ReaderWriterLock _legacy = new ReaderWriterLock();
                private SpinLock _spin = new SpinLock(false);
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                public void Touch()
                {
                    lock (_sync)
                    {
                        Monitor.PulseAll(_sync);
                    }
                }
            }
            """);

        [Fact]
        public Task LockCreatedOutsideConstruction_NotOwnedByConstruction_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private SemaphoreSlim _gate;

                public virtual void Open()
                {
                    _gate = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task PeerSuppressionOfCa1001_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Process-lifetime singleton")]
            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            }
            """);

        [Fact]
        public Task PeerSuppressionOnCreatingConstructor_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "Process-lifetime singleton")]
                public StoreContext()
                {
                    _gate = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task PeerSuppressionOnCreatingInitMethod_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            class StoreContext
            {
                private SemaphoreSlim _gate;

                public StoreContext() => Init();

                [SuppressMessage("IDisposableAnalyzers.Correctness", "IDISP001", Justification = "Process-lifetime singleton")]
                private void Init()
                {
                    _gate = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task PeerSuppressionOnOtherMethod_Reports() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = {|LCK006:new SemaphoreSlim(1)|};
                }

                [SuppressMessage("Reliability", "CA2000")]
                public void Touch() => _gate.Wait();
            }
            """);

        [Fact]
        public Task PeerSuppressionByPragma_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
            #pragma warning disable IDISP006 // parked waiters must not be stranded
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            #pragma warning restore IDISP006
            }
            """);

        [Fact]
        public Task PeerSuppression_TurnedOff_Reports() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            [SuppressMessage("Design", "CA1001")]
            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """,
            "lockleak.honor_peer_suppressions = false\n");

        [Fact]
        public Task OwnSuppressMessage_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Diagnostics.CodeAnalysis;
            using System.Threading;

            class StoreContext
            {
                [SuppressMessage("Reliability", "LCK001", Justification = "Lives as long as the process")]
                private readonly Semaphore _gate = new Semaphore(1, 1);
            }
            """);

        [Fact]
        public Task OwnPragma_Honored_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
            #pragma warning disable LCK001
                private readonly Semaphore _gate = new Semaphore(1, 1);
            #pragma warning restore LCK001
            }
            """);

        [Fact]
        public Task PartialType_LockFieldInPartWithoutOtherFields_Reports()
        {
            // The first part's fields are all predefined types: the gate must read every part before it rules the type out.
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("StoreContext.cs", """
                partial class StoreContext
                {
                    private readonly int _generation;
                    private readonly string _name = "store";
                }
                """));
            test.TestState.Sources.Add(("StoreContext.Locking.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private SemaphoreSlim Gate { get; } = {|LCK006:new SemaphoreSlim(1)|};
                }
                """));
            return test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public Task RecordStructWithPrimitiveMembersAndLockParameter_HandedIn_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            record struct StoreOptions(int Capacity, string? Name, long[] Sizes, SemaphoreSlim Gate)
            {
                public bool? Enabled { get; init; }
            }
            """);

        [Fact]
        public Task RecordWithLockPropertyCreatedFromPrimitiveParameter_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            record StoreOptions(int Capacity)
            {
                public SemaphoreSlim Gate { get; } = {|LCK001:new SemaphoreSlim(Capacity)|};
            }
            """);

        [Fact]
        public Task GeneratedCode_Skipped_NoDiagnostic() => Verify.DiagnosticsAsync("""
            // <auto-generated/>
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            }
            """);
    }
}
