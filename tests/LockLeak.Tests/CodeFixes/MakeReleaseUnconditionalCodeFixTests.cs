using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>LCK005's fix: the release leaves the condition that can skip it.</summary>
    public class MakeReleaseUnconditionalCodeFixTests
    {
        [Fact]
        public Task ReleaseAloneInIf_ReplacesTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        {|LCK005:_gate.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task UnbracedIf_ReplacesTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    if (_openCount == 0)
                        {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
                    Console.WriteLine("closing");
                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task ReleaseBesideOtherWork_MovesAfterTheIf() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count == 0)
                    {
                        Console.WriteLine("closing");
                        {|LCK005:_gate.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count == 0)
                    {
                        Console.WriteLine("closing");
                    }

                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task ConditionWithCall_KeepsTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                private bool Flush() => true;

                public void Dispose()
                {
                    if (Flush())
                    {
                        {|LCK005:_mutex.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                private bool Flush() => true;

                public void Dispose()
                {
                    if (Flush())
                    {
                    }

                    _mutex?.Dispose();
                }
            }
            """);

        [Fact]
        public Task AfterEarlyReturn_MovesBeforeIt() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    if (_pending.Count > 0)
                    {
                        return;
                    }

                    _pending.Clear();
                    {|LCK005:_gate.Dispose()|};
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly List<string> _pending = new List<string>();

                public void Dispose()
                {
                    _gate?.Dispose();
                    if (_pending.Count > 0)
                    {
                        return;
                    }

                    _pending.Clear();
                }
            }
            """);

        /// <summary>
        /// Issue 20, a real driver: the release follows a wait on the primitive. Moved above the early return it would
        /// dispose the event before the wait (ObjectDisposedException on every Dispose of an open device, and the
        /// driver never released): SPEC forbids moving a release above a use, so no fix is offered.
        /// </summary>
        [Fact]
        public Task EarlyReturnBeforeAWait_ReleaseIsNotHoistedAboveTheWait()
        {
            var source = """
                using System;
                using System.Threading;

                sealed class Device : IDisposable
                {
                    private readonly ManualResetEventSlim callbackIdle = new ManualResetEventSlim(true);
                    private object driver = new object();

                    public void Dispose()
                    {
                        if (driver is null)
                            return;

                        callbackIdle.Wait(TimeSpan.FromSeconds(1));
                        driver = null;
                        {|LCK005:callbackIdle.Dispose()|};
                    }
                }
                """;
            return Verify.FixAsync(source, source);
        }

        [Fact]
        public Task ReleaseInHelperCalledConditionally_AddsReleaseAfterTheIf() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _users;

                public void Dispose()
                {
                    if (_users > 1)
                    {
                        Cleanup();
                    }
                }

                private void Cleanup() => {|LCK005:_gate.Dispose()|};
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _users;

                public void Dispose()
                {
                    if (_users > 1)
                    {
                        Cleanup();
                    }

                    _gate?.Dispose();
                }

                private void Cleanup() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task FixAll_TwoReleasesUnderOneIf_OneEdit() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private int _openCount;

                public void Dispose()
                {
                    if (_openCount == 0)
                    {
                        {|LCK005:_gate.Dispose()|};
                        {|LCK005:_lock.Dispose()|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private int _openCount;

                public void Dispose()
                {
                    _gate?.Dispose();
                    _lock?.Dispose();
                }
            }
            """);
    }
}
