using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// Issue 20: only a method whose job is teardown is reused. A timer or thread body, a loop or a method that waits on the
    /// primitive is never called from Dispose (two real libraries hung or threw when the fix did); the fix writes the
    /// release instead.
    /// </summary>
    public class TeardownReuseFixTests
    {
        [Fact]
        public Task TimerCallbackThatDisposesAtItsEnd_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = {|LCK002:new AutoResetEvent(false)|};
                private readonly Timer _timer;
                private volatile bool _running = true;

                public Pump()
                {
                    _timer = new Timer(Run, null, 0, 100);
                }

                private void Run(object? state)
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
                    _timer.Dispose();
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                private readonly Timer _timer;
                private volatile bool _running = true;

                public Pump()
                {
                    _timer = new Timer(Run, null, 0, 100);
                }

                private void Run(object? state)
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
                    _timer.Dispose();
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
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                public void Drain()
                {
                    _gate.WaitOne();
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
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Drain()
                {
                    _gate.WaitOne();
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
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};
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
                private readonly Semaphore _gate = new Semaphore(1, 1);
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
    

        [Fact]
        public Task EventHandlerThatDisposes_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                public Pump()
                {
                    AppDomain.CurrentDomain.ProcessExit += OnExit;
                }

                private void OnExit(object? sender, EventArgs e) => Stop();

                private void Stop()
                {
                    _gate.Dispose();
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public Pump()
                {
                    AppDomain.CurrentDomain.ProcessExit += OnExit;
                }

                private void OnExit(object? sender, EventArgs e) => Stop();

                private void Stop()
                {
                    _gate.Dispose();
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task CleanupMethod_IsCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private IntPtr _mutex;

                public Store()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    {|LCK003:pthread_mutex_init(_mutex, IntPtr.Zero)|};
                }

                public void Shutdown()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                public void Dispose()
                {
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            sealed class Store : IDisposable
            {
                private IntPtr _mutex;

                public Store()
                {
                    _mutex = Marshal.AllocHGlobal(64);
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Shutdown()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                public void Dispose()
                {
                    Shutdown();
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """);
    

        [Fact]
        public Task MethodAThreadLambdaRuns_IsNotCalledFromDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = {|LCK002:new AutoResetEvent(false)|};
                private readonly Thread _thread;
                private int _ticks;

                public Pump()
                {
                    _thread = new Thread(() =>
                    {
                        _ticks = 0;
                        Warm();
                        Run();
                    });
                    _thread.Start();
                }

                private void Warm() => _ticks++;

                private void Run()
                {
                    _wake.Set();
                    _wake.Dispose();
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly AutoResetEvent _wake = new AutoResetEvent(false);
                private readonly Thread _thread;
                private int _ticks;

                public Pump()
                {
                    _thread = new Thread(() =>
                    {
                        _ticks = 0;
                        Warm();
                        Run();
                    });
                    _thread.Start();
                }

                private void Warm() => _ticks++;

                private void Run()
                {
                    _wake.Set();
                    _wake.Dispose();
                }

                public void Dispose()
                {
                    _wake.Dispose();
                }
            }
            """);
    }
}
