using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// Issue 20: only a method whose job is teardown is reused. A thread body, a loop or a method that waits on the
    /// primitive is never called from Dispose (two real libraries hung or threw when the fix did); the fix writes the
    /// release instead.
    /// </summary>
    public class TeardownReuseFixTests
    {
        [Fact]
        public Task ThreadBodyThatDisposesAtItsEnd_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = {|LCK002:new AutoResetEvent(false)|};
                private readonly Thread _thread;
                private volatile bool _running = true;

                public Pump()
                {
                    _thread = new Thread(Run);
                    _thread.Start();
                }

                private void Run()
                {
                    if (_running)
                    {
                        _wake.Set();
                    }

                    _wake.Dispose();
                }

                public void Dispose()
                {
                    _running = false;
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                private readonly Thread _thread;
                private volatile bool _running = true;

                public Pump()
                {
                    _thread = new Thread(Run);
                    _thread.Start();
                }

                private void Run()
                {
                    if (_running)
                    {
                        _wake.Set();
                    }

                    _wake.Dispose();
                }

                public void Dispose()
                {
                    _running = false;
                    _wake.Dispose();
                }
            }
            """);

        [Fact]
        public Task MethodThatWaitsOnThePrimitive_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Drainer : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK002:new SemaphoreSlim(1)|};

                public void Drain()
                {
                    _gate.Wait();
                    _gate.Dispose();
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Drainer : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Drain()
                {
                    _gate.Wait();
                    _gate.Dispose();
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task LoopThatDisposesAfterIt_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK002:new SemaphoreSlim(1)|};
                private readonly ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();

                public void Process()
                {
                    while (_queue.TryDequeue(out _))
                    {
                    }

                    _gate.Dispose();
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;

            sealed class Worker : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ConcurrentQueue<int> _queue = new ConcurrentQueue<int>();

                public void Process()
                {
                    while (_queue.TryDequeue(out _))
                    {
                    }

                    _gate.Dispose();
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);
    }
}
