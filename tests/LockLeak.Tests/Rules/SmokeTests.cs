using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Rules
{
    public class SmokeTests
    {
        [Fact]
        public Task SemaphoreCreatedInConstructor_NoDispose_ReportsLck001() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = {|LCK001:new SemaphoreSlim(1)|};
                }
            }
            """);

        [Fact]
        public Task SemaphoreNotDisposed_ReportsLck002() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK002:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task SemaphoreDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }
            """);
    }
}
