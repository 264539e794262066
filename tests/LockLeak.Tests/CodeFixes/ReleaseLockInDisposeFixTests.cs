using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    public class ReleaseLockInDisposeFixTests
    {
        [Fact]
        public Task SealedClass_NoDispose_AddsPlainDispose() => Verify.FixAsync("""
            using System.Threading;

            sealed class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = {|LCK001:new SemaphoreSlim(1)|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = new SemaphoreSlim(1);
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task UnsealedClass_NoDispose_AddsPattern() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK001:new SemaphoreSlim(1)|};
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task Dispose_Empty_InsertsRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK002:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task Dispose_ExpressionBodied_BecomesBlock() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK002:new SemaphoreSlim(1)|};
                private readonly IDisposable _inner;

                public StoreContext(IDisposable inner) => _inner = inner;

                public void Dispose() => _inner.Dispose();
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly IDisposable _inner;

                public StoreContext(IDisposable inner) => _inner = inner;

                public void Dispose()
                {
                    _inner.Dispose();
                    _gate.Dispose();
                }
            }
            """);
    }
}
