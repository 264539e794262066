using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>lockleak.slim_needs_wait_handle: the slim primitives hold an OS handle only once their wait handle is touched.</summary>
    public class SlimNeedsWaitHandleTests
    {
        private const string Option = "lockleak.slim_needs_wait_handle = true\n";

        [Fact]
        public Task Default_SlimWithoutWaitHandle_ReportsLCK006() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly ManualResetEventSlim _ready = {|LCK006:new ManualResetEventSlim()|};
            }
            """);

        [Fact]
        public Task Enabled_SlimWithoutWaitHandle_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
                private readonly CountdownEvent _pending = new CountdownEvent(2);
                private readonly Barrier _phase = new Barrier(2);

                public void Enter() => _gate.Wait();
            }
            """,
            Option);

        [Fact]
        public Task Enabled_SlimWaitHandleTouched_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK001:new SemaphoreSlim(1)|};
                private readonly ManualResetEventSlim _ready = {|LCK001:new ManualResetEventSlim()|};

                public WaitHandle GateHandle => _gate.AvailableWaitHandle;

                public bool WaitReady(int timeout) => _ready.WaitHandle.WaitOne(timeout);
            }
            """,
            Option);

        [Fact]
        public Task Enabled_NonSlimPrimitive_StillReports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly ReaderWriterLockSlim _lock = {|LCK001:new ReaderWriterLockSlim()|};
                private readonly Mutex _mutex = {|LCK001:new Mutex()|};
            }
            """,
            Option);
    }
}
