using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK005's guards as SPEC lists them, whoever holds the value, and the conditions over other state it reports.</summary>
    public partial class LockReleasedOnSomePathsTests
    {
        private static string ReleaseUnder(string condition) => $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly StoreOptions _options;
                private readonly List<string> _pending = new List<string>();
                private int _refs = 1;

                public StoreContext(StoreOptions options)
                {
                    _options = options;
                }

                private bool ShouldRelease() => _pending.Count == 0;

                public void Dispose()
                {
                    {|#1:if ({{condition}})
                    {
                        {|#0:_gate.Dispose()|};
                    }|}
                }
            }

            sealed class StoreOptions
            {
                public bool OwnsGate;
                public StoreMode Mode;
                public string Name = "";
                public int Limit;

                public bool KeepAlive { get; set; }
            }

            enum StoreMode
            {
                Shared,
                Owned,
            }
            """;

        [Theory]
        [InlineData("_options.OwnsGate")]
        [InlineData("!_options.KeepAlive")]
        [InlineData("_options.Mode == StoreMode.Owned")]
        [InlineData("Interlocked.Decrement(ref _refs) == 0")]
        [InlineData("0 == Interlocked.Decrement(ref _refs)")]
        [InlineData("--_refs == 0")]
        [InlineData("--_refs <= 0")]
        [InlineData("_gate != null")]
        [InlineData("_options.OwnsGate && _options.Mode != StoreMode.Shared && _gate != null")]
        public Task GuardWhoeverHoldsIt_NoDiagnostic(string condition) =>
            Verify.DiagnosticsAsync(ReleaseUnder(condition).Replace("{|#1:", string.Empty).Replace("{|#0:", string.Empty).Replace("|}", string.Empty));

        [Theory]
        [InlineData("_refs > 1")]
        [InlineData("Interlocked.Increment(ref _refs) > 1")]
        [InlineData("_pending.Count == 0")]
        [InlineData("_options.Name == \"owned\"")]
        [InlineData("_options.Limit > 3")]
        [InlineData("ShouldRelease()")]
        [InlineData("_options.OwnsGate && _pending.Count == 0")]
        public Task ConditionOverOtherState_Reports(string condition) => Verify.DiagnosticsAsync(
            ReleaseUnder(condition),
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "SemaphoreSlim", "_gate", "Dispose()", condition));

        [Fact]
        public Task EarlyReturnUnlessLocalFromInterlockedExchange_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _disposed;

                public void Dispose()
                {
                    var first = Interlocked.Exchange(ref _disposed, 1);
                    if (first != 0)
                    {
                        return;
                    }

                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task NativeReleaseUnderIntPtrZeroCheck_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class StoreObject : IDisposable
            {
                private IntPtr _mutex;

                public StoreObject()
                {
                    _mutex = CreateMutex(IntPtr.Zero, false, null);
                }

                public void Dispose()
                {
                    if (_mutex != IntPtr.Zero)
                    {
                        CloseHandle(_mutex);
                        _mutex = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task HandleCollectionElementUnderZeroCheck_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events = new IntPtr[4];
                private readonly List<IntPtr> _mutexes = new List<IntPtr>();

                public EventSet()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        _events[i] = CreateEvent(IntPtr.Zero, true, false, null);
                        _mutexes.Add(CreateMutex(IntPtr.Zero, false, null));
                    }
                }

                public void Dispose()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        if (_events[i] != IntPtr.Zero)
                        {
                            CloseHandle(_events[i]);
                            _events[i] = IntPtr.Zero;
                        }
                    }

                    for (var i = 0; i < _mutexes.Count; i++)
                    {
                        if (_mutexes[i] != IntPtr.Zero)
                        {
                            CloseHandle(_mutexes[i]);
                            _mutexes[i] = IntPtr.Zero;
                        }
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateMutexW")]
                private static extern IntPtr CreateMutex(IntPtr attributes, bool initialOwner, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task HandleCollectionElementUnderOtherCheck_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Runtime.InteropServices;

            sealed class EventSet : IDisposable
            {
                private readonly IntPtr[] _events = new IntPtr[4];
                private readonly IntPtr[] _spares = new IntPtr[4];

                public EventSet()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        _events[i] = CreateEvent(IntPtr.Zero, true, false, null);
                    }
                }

                public void Dispose()
                {
                    for (var i = 0; i < _events.Length; i++)
                    {
                        {|#1:if (_spares[i] != IntPtr.Zero)
                        {
                            {|#0:CloseHandle(_events[i])|};
                        }|}
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """,
            new DiagnosticResult(Descriptors.LockReleasedOnSomePaths).WithLocation(0).WithLocation(1)
                .WithArguments("EventSet", "native event handle", "_events", "Dispose()", "_spares[i] != IntPtr.Zero"));
    }
}
