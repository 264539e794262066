using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK004: a constructor creates a primitive into a local or discards it, and neither stores nor releases it.</summary>
    public partial class LockDroppedInConstructorTests
    {
        [Fact]
        public Task LocalNeverStored_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|#0:new SemaphoreSlim(1)|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task Discarded_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|#0:new Mutex(false, "Global\\store")|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates a Mutex as a discarded value and drops it without storing or releasing it"));

        [Fact]
        public Task ExpressionStatement_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    {|LCK004:new ManualResetEvent(false)|}.Set();
                }
            }
            """);

        [Fact]
        public Task UsingDeclaration_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    using var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task LocalDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = new SemaphoreSlim(1);
                    gate.Wait();
                    gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task LocalStoredLater_NoLck004_ButOwnedField() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    var gate = {|LCK006:new SemaphoreSlim(1)|};
                    gate.Wait();
                    _gate = gate;
                }
            }
            """);

        [Fact]
        public Task LocalPassedToOwner_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly List<IDisposable> _owned = new List<IDisposable>();

                public StoreContext()
                {
                    var gate = new SemaphoreSlim(1);
                    _owned.Add(gate);
                }

                public void Dispose() => _owned.ForEach(d => d.Dispose());
            }
            """);

        [Fact]
        public Task MethodNotConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public void Touch()
                {
                    var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }
            """);
    
        [Fact]
        public Task FactoryResultDropped_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var existing = {|#0:Mutex.OpenExisting("Global\\store")|};
                    existing.WaitOne();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates Mutex 'existing' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task FactoryThroughUsingStatic_Reports() => Verify.DiagnosticsAsync("""
            using static System.Threading.Mutex;

            class StoreContext
            {
                public StoreContext()
                {
                    var existing = {|LCK004:OpenExisting("Global\\store")|};
                    existing.WaitOne();
                }
            }
            """);

        [Fact]
        public Task CreationThroughAlias_Reports() => Verify.DiagnosticsAsync("""
            using Gate = System.Threading.SemaphoreSlim;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|#0:new Gate(1)|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task FullyQualifiedCreation_Reports() => Verify.DiagnosticsAsync("""
            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:new global::System.Threading.ManualResetEventSlim(false)|};
                }
            }
            """);

        [Fact]
        public Task TargetTypedIntoDeclaredLocal_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    SemaphoreSlim gate = {|LCK004:new(1)|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task TargetTypedByAssignment_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    SemaphoreSlim gate;
                    gate = {|LCK004:new(1)|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task WrapperOfCompilationDropped_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var storeLock = {|#0:new StoreLock()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates StoreLock (which holds SemaphoreSlim '_gate') 'storeLock' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task ExpressionBodiedConstructor_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext() => _ = {|LCK004:new SemaphoreSlim(1)|};
            }
            """);

        [Fact]
        public Task CreatedInLambdaOfConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext
            {
                private readonly Action _probe;

                public StoreContext()
                {
                    _probe = () =>
                    {
                        var gate = new SemaphoreSlim(1);
                        gate.Wait();
                    };
                    void Local() => _ = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task StaticConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                static StoreContext()
                {
                    _ = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task OrdinaryCreationsAndCalls_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Text;

            class StoreContext
            {
                private readonly List<string> _names;

                public StoreContext()
                {
                    var builder = new StringBuilder();
                    builder.Append("store");
                    _names = new List<string> { builder.ToString(), string.Concat("a", "b") };
                    _ = new object();
                }
            }
            """);

        [Fact]
        public Task FactoryOfHelperClassDropped_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            static class Throttles
            {
                public static SemaphoreSlim CreateMutexLike() => new(1, 1);
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|#0:Throttles.CreateMutexLike()|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task CachedLookupOfHelperClassInLocal_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            static class Throttles
            {
                private static SemaphoreSlim? _shared;

                public static SemaphoreSlim Shared() => _shared ??= new SemaphoreSlim(1, 1);
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = Throttles.Shared();
                    gate.Wait();
                }
            }
            """);

        // ------------------------------------------------------------ native OS lock handles

        [Fact]
        public Task NativeHandleInLocal_UsedButNeverClosed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var handle = {|#0:OpenMutex(0x1F0001, false, name)|};
                    WaitForSingleObject(handle, 0);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates native mutex handle 'handle' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task NativeHandleDiscarded_ThroughNativeMethodsClass_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|#0:NativeMethods.CreateEvent(IntPtr.Zero, true, false, "store")|};
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", EntryPoint = "CreateEventW", CharSet = CharSet.Unicode)]
                public static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates a native event handle as a discarded value and drops it without storing or releasing it"));

        [Fact]
        public Task NativeHandleInLocal_Closed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var handle = OpenMutex(0x1F0001, false, name);
                    try
                    {
                        WaitForSingleObject(handle, 0);
                    }
                    finally
                    {
                        CloseHandle(handle);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeHandleInLocal_StoredAndClosedInDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreContext : IDisposable
            {
                private readonly IntPtr _mutex;

                public StoreContext(string name)
                {
                    var handle = OpenMutex(0x1F0001, false, name);
                    _mutex = handle;
                }

                public void Dispose() => CloseHandle(_mutex);

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        // ------------------------------------------------------------ release verbs: one definition

        private const string ShutdownWrapper = """
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Shutdown() => _gate.Dispose();

                public void Dispose() => Shutdown();
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var warmup = {|#0:new StoreLock()|};
                    warmup.Shutdown();
                }
            }
            """;

        [Fact]
        public Task LocalReleasedByConfiguredReleaseMethod_NoDiagnostic() => Verify.DiagnosticsAsync(
            ShutdownWrapper.Replace("{|#0:", string.Empty).Replace(")|};", ");"),
            "lockleak.release_methods = Shutdown\n");

        [Fact]
        public Task LocalReleasedByUnconfiguredMethod_Reports() => Verify.DiagnosticsAsync(
            ShutdownWrapper,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithArguments("StoreContext", "StoreLock (which holds SemaphoreSlim '_gate') 'warmup'", "in a local"));

        [Fact]
        public Task NestedWrapperInGenericType_ConstructorFirstMember_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Store<TItem>
            {public Store()
                {
                    var guard = {|#0:new Guard()|};
                    guard.Touch();
                }

                private sealed class Guard : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    public void Touch() { }

                    public void Dispose() => _gate.Dispose();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'Store' creates Guard (which holds SemaphoreSlim '_gate') 'guard' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task NestedWrapperNamedByTypeParameterScope_SecondConstructor_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Store<TItem>
            {
                private readonly TItem? _first;

                public Store(TItem first) => _first = first;

                public Store()
                {
                    var guard = {|#0:new Guard<TItem>()|};
                }

                private sealed class Guard<T> : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose() => _mutex.Dispose();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'Store' creates Guard (which holds Mutex '_mutex') 'guard' in a local and drops it without storing or releasing it"));

        // ------------------------------------------------------------ a native handle consumed as an argument, never stored

        [Fact]
        public Task NativeHandleAsArgumentOfNativeCall_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    WaitForSingleObject({|#0:CreateSemaphoreW(IntPtr.Zero, 1, 1, null)|}, 0);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateSemaphoreW(IntPtr attributes, int initial, int maximum, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates a native semaphore handle as the argument of 'WaitForSingleObject' and drops it without storing or releasing it"));

        [Fact]
        public Task NativeHandleAsArgumentOfNativeCall_NoFix() => Verify.FixAsync(HandleAsArgument, HandleAsArgument,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithArguments("StoreContext", "a native semaphore handle", "as the argument of 'WaitForSingleObject'"));

        private const string HandleAsArgument = """
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    WaitForSingleObject({|#0:CreateSemaphoreW(IntPtr.Zero, 1, 1, null)|}, 0);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateSemaphoreW(IntPtr attributes, int initial, int maximum, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """;

        [Fact]
        public Task NativeHandleAsArgumentOfNativeCallInCondition_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    if (NativeMethods.WaitForSingleObject({|#0:NativeMethods.OpenMutex(0x1F0001, false, name)|}, 0) != 0)
                    {
                        throw new InvalidOperationException();
                    }
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "OpenMutexW")]
                public static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                public static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates a native mutex handle as the argument of 'WaitForSingleObject' and drops it without storing or releasing it"));

        [Fact]
        public Task NativeHandleAsArgumentOfClose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    CloseHandle(CreateEventW(IntPtr.Zero, true, false, null));
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeHandleAsArgumentOfOwnMethodOrConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;
            using Microsoft.Win32.SafeHandles;

            sealed class StoreContext : IDisposable
            {
                private IntPtr _kept;
                private readonly SafeWaitHandle _owned;

                public StoreContext()
                {
                    Keep(CreateEventW(IntPtr.Zero, true, false, null));
                    _owned = new SafeWaitHandle(CreateEventW(IntPtr.Zero, true, false, null), ownsHandle: true);
                }

                private void Keep(IntPtr handle) => _kept = handle;

                public void Dispose()
                {
                    CloseHandle(_kept);
                    _owned.Dispose();
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEventW(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeHandleAsArgumentOutsideConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public void Probe()
                {
                    WaitForSingleObject(CreateSemaphoreW(IntPtr.Zero, 1, 1, null), 0);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateSemaphoreW(IntPtr attributes, int initial, int maximum, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);
            }
            """);

        // ------------------------------------------------------------ the first look: names it need not bind

        private const string Lockers = """
            using System.Collections.Generic;
            using System.Threading;

            class Lockers
            {
                public static SemaphoreSlim Create() => new SemaphoreSlim(1);

                public void Touch() { }
            }

            """;

        [Fact]
        public Task CallsOnParametersAndFields_NoDiagnostic() => Verify.DiagnosticsAsync(Lockers + """
            class StoreContext
            {
                private readonly Lockers _lockers;
                private readonly List<SemaphoreSlim> _gates = new List<SemaphoreSlim>();

                public StoreContext(Lockers lockers, IList<SemaphoreSlim> gates)
                {
                    lockers.Touch();
                    _lockers = lockers;
                    _lockers.Touch();
                    _gates = new List<SemaphoreSlim>(gates);
                }
            }
            """);

        [Fact]
        public Task FactoryThroughParameterNamedLikeItsType_Reports() => Verify.DiagnosticsAsync(Lockers + """
            class StoreContext
            {
                public StoreContext(Lockers Lockers)
                {
                    // `Color Color`: the parameter's type has its name, so the name may still mean the type.
                    var gate = {|#0:Lockers.Create()|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task FactoryThroughPropertyNamedLikeItsType_Reports() => Verify.DiagnosticsAsync(Lockers + """
            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|#0:Lockers.Create()|};
                    gate.Wait();
                }

                public Lockers? Lockers { get; }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task FactoryThroughLocalHidingAField_Reports() => Verify.DiagnosticsAsync(Lockers + """
            class StoreContext
            {
                private readonly int Lockers;

                public StoreContext()
                {
                    // The local hides the field, and its type has its name: the call is the type's factory.
                    var Lockers = new Lockers();
                    var gate = {|#0:Lockers.Create()|};
                    gate.Wait();
                    this.Lockers = 1;
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));
    

        [Fact]
        public Task FactoryThroughFieldWhoseAliasedTypeHasItsName_Reports() => Verify.DiagnosticsAsync("""
            using L = Lockers;

            """ + Lockers + """
            class StoreContext
            {
                private readonly L Lockers = new L();

                public StoreContext()
                {
                    // The alias names the type Lockers: `Color Color` again, so the name may still mean the type.
                    var gate = {|#0:Lockers.Create()|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task MethodNamedNameof_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    // A method of that name in scope makes `nameof(...)` a call.
                    var gate = {|#0:nameof(1)|};
                    gate.Wait();
                }

                private static SemaphoreSlim nameof(int count) => new SemaphoreSlim(count);
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        private const string Guards = """
            using System;
            using System.Threading;

            namespace Store
            {
                sealed class Guard<T> : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose() => _mutex.Dispose();
                }

                sealed class Plain<T>
                {
                }

                class Customer
                {
                }

            """;

        [Fact]
        public Task GenericWrapperOfTheNamespace_Reports() => Verify.DiagnosticsAsync(Guards + """
                class StoreContext
                {
                    public StoreContext()
                    {
                        var guard = {|#0:new Guard<Customer>()|};
                        var plain = new Plain<Customer>();
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates Guard (which holds Mutex '_mutex') 'guard' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task NestedTypeOfBaseHidesWrapperOfTheNamespace_NoDiagnostic() => Verify.DiagnosticsAsync(Guards + """
                class StoreBase
                {
                    protected sealed class Guard<T>
                    {
                    }
                }

                class StoreContext : StoreBase
                {
                    public StoreContext()
                    {
                        var guard = new Guard<Customer>();
                    }
                }
            }
            """);

        [Fact]
        public Task WrapperNestedInBaseHidesPlainTypeOfTheNamespace_Reports() => Verify.DiagnosticsAsync(Guards + """
                class StoreBase
                {
                    protected sealed class Plain<T> : IDisposable
                    {
                        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                        public void Dispose() => _gate.Dispose();
                    }
                }

                class StoreContext : StoreBase
                {
                    public StoreContext()
                    {
                        var plain = {|#0:new Plain<Customer>()|};
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates Plain (which holds SemaphoreSlim '_gate') 'plain' in a local and drops it without storing or releasing it"));
    }
}
