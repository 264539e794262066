using System;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Catalog;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// The gate and LCK004 rule a type or a creation out by the framework name its syntax uses (`List&lt;int&gt;`,
    /// `Timer`, `Task`) before binding it. A name the compilation gives a meaning of its own must still be bound.
    /// </summary>
    public class GateByNameTests
    {
        [Fact]
        public Task WrapperNamedLikeFrameworkType_StillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            namespace Store
            {
                sealed class Timer : IDisposable
                {
                    private readonly ManualResetEvent _tick = new ManualResetEvent(false);

                    public void Dispose() => _tick.Dispose();
                }

                class Scheduler
                {
                    private readonly Timer _timer = {|#0:new Timer()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("Scheduler", "Timer (which holds ManualResetEvent '_tick')", "_timer", "in its field initializer"));

        [Fact]
        public Task FieldOfWrapperNestedInBase_HidingPlainClassOfTheNamespace_StillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            namespace Store
            {
                class Holder
                {
                }

                class SchedulerBase
                {
                    protected sealed class Holder : IDisposable
                    {
                        private readonly Mutex _gate = new Mutex();

                        public void Dispose() => _gate.Dispose();
                    }
                }

                class Scheduler : SchedulerBase
                {
                    private readonly Holder _holder = {|#0:new Holder()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("Scheduler", "Holder (which holds Mutex '_gate')", "_holder", "in its field initializer"));

        [Fact]
        public Task FieldOfGenericWrapperOfTheNamespace_StillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            namespace Store
            {
                class Customer
                {
                }

                sealed class Guard<T> : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose() => _mutex.Dispose();
                }

                class Scheduler
                {
                    private readonly List<Customer> _customers = new List<Customer>();
                    private readonly Customer? _first;
                    private readonly Guard<Customer> _guard = {|#0:new Guard<Customer>()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("Scheduler", "Guard (which holds Mutex '_mutex')", "_guard", "in its field initializer"));

        [Fact]
        public Task NestedWrapperNamedLikeFrameworkType_StillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Scheduler
            {
                private readonly Task _task = {|#0:new Task()|};

                private sealed class Task : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose() => _gate.Dispose();
                }
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("Scheduler", "Task (which holds Semaphore '_gate')", "_task", "in its field initializer"));

        [Fact]
        public Task AliasNamedLikeFrameworkType_StillReported() => Verify.DiagnosticsAsync("""
            using Stream = System.Threading.ReaderWriterLockSlim;

            class StoreContext
            {
                private readonly Stream _gate = {|#0:new Stream()|};
            }
            """,
            new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("StoreContext", "ReaderWriterLockSlim", "_gate", "in its field initializer"));

        [Fact]
        public Task GlobalAliasInAnotherFile_StillReported()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/Usings.cs", "global using Lazy = System.Threading.Mutex;\n"));
            test.TestState.Sources.Add(("/StoreContext.cs", """
                class StoreContext
                {
                    private readonly Lazy _mutex = {|#0:new Lazy()|};
                }
                """));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.TypeMustBeDisposable).WithLocation(0)
                .WithArguments("StoreContext", "Mutex", "_mutex", "in its field initializer"));
            return test.RunAsync();
        }

        [Fact]
        public Task LockAsGenericArgumentOfFrameworkCollection_StillReported() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Threading;

            class StripedStore
            {
                private readonly IReadOnlyList<SemaphoreSlim> _stripes = [{|LCK006:new SemaphoreSlim(1)|}, new SemaphoreSlim(1)];
            }
            """);

        [Fact]
        public Task DroppedWrapperNamedLikeFrameworkType_StillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Progress : IDisposable
            {
                private readonly AutoResetEvent _changed = new AutoResetEvent(false);

                public void Dispose() => _changed.Dispose();
            }

            class Upload
            {
                public Upload()
                {
                    var progress = {|#0:new Progress()|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'Upload' creates Progress (which holds AutoResetEvent '_changed') 'progress' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task FrameworkTypesOnly_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;

            class Catalog<TItem>
            {
                private readonly Dictionary<Guid, List<TItem>> _items = new();
                private readonly MemoryStream _buffer = new MemoryStream();
                private Func<int, Task<TItem>>? _load;
                public DateTime Loaded { get; } = DateTime.UtcNow;

                public Catalog()
                {
                    var scratch = new MemoryStream();
                    _ = Math.Max(1, 2);
                }
            }
            """);

        [Fact]
        public Task ExplicitInterfaceAutoPropertyOwningLock_Reported() => Verify.DiagnosticsAsync("""
            using System.Threading;

            interface IHasGate
            {
                SemaphoreSlim Gate { get; }
            }

            class Store : IHasGate
            {
                private readonly string _name = "store";

                SemaphoreSlim IHasGate.Gate { get; } = {|LCK001:new SemaphoreSlim(1)|};
            }
            """);

        [Fact]
        public Task LockInSecondVariableOfFieldDeclaration_Reported() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class Store
            {
                private SemaphoreSlim? _spare = null, _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """);

        [Fact]
        public Task ComputedPropertyOfLockTypeOverSharedInstance_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class Store
            {
                private static readonly SemaphoreSlim Shared = new SemaphoreSlim(1);

                public SemaphoreSlim Gate => Shared;
            }
            """);

        /// <summary>
        /// The list's one assumption is that its names mean framework types that hold no lock: no lock primitive,
        /// wait handle or SafeHandle of the framework may carry one of them.
        /// </summary>
        [Fact]
        public void PlainNames_NameNoFrameworkLockOrHandle()
        {
            var framework = new[] { typeof(object), typeof(SemaphoreSlim), typeof(Mutex), typeof(SafeHandle), typeof(System.IO.Pipes.PipeStream), typeof(Microsoft.Win32.SafeHandles.SafeFileHandle) }
                .Select(type => type.Assembly)
                .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(assembly => assembly.GetName().Name?.StartsWith("System", StringComparison.Ordinal) == true))
                .Distinct()
                .SelectMany(assembly => assembly.GetExportedTypes());
            var locks = framework
                .Where(type => typeof(WaitHandle).IsAssignableFrom(type) || typeof(SafeHandle).IsAssignableFrom(type)
                    || type == typeof(SemaphoreSlim) || type == typeof(ReaderWriterLockSlim) || type == typeof(ManualResetEventSlim)
                    || type == typeof(CountdownEvent) || type == typeof(Barrier) || type == typeof(IDisposable) || type == typeof(IAsyncDisposable))
                .Select(type => type.Name.Split('`')[0])
                .ToList();

            Assert.Contains("SemaphoreSlim", locks);
            Assert.Contains("SafeWaitHandle", locks);
            Assert.DoesNotContain(locks, PlainTypeNames.Names.Contains);
        }
    }
}
