using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// LCK002 as the disposal model reads a type: releases in order on each path, hooks of any name, one path where one
    /// entry runs the other, and every way C# writes a release of the field's value (patterns, switch arms, params
    /// arrays, ForEach, delegates and local functions).
    /// </summary>
    public partial class LockNotReleasedInDisposeTests
    {
        private static string GateOwner(string dispose, string fields = "") => $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IDisposable
            {
                private Semaphore _gate = {|#0:new Semaphore(1, 1)|};
            {{fields}}
                {{dispose}}
            }
            """;

        private static DiagnosticResult Lck002Gate(string where) =>
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'StoreContext' creates Semaphore '_gate' in its field initializer but never releases it" + where);

        private static Task Silent(string dispose, string fields = "") =>
            Verify.DiagnosticsAsync(GateOwner(dispose, fields).Replace("{|#0:new Semaphore(1, 1)|}", "new Semaphore(1, 1)"));

        // ------------------------------------------------------------ order: a Dispose of a field already set to null

        [Fact]
        public Task DisposeAfterSettingItToNull_Reports() => Verify.DiagnosticsAsync(GateOwner("""
            public void {|#1:Dispose|}()
                {
                    _gate = null!;
                    _gate?.Dispose();
                }
            """),
            Lck002Gate(" in Dispose(): it disposes it after setting it to null"));

        [Fact]
        public Task DisposeInHelperAfterSettingItToNull_Reports() => Verify.DiagnosticsAsync(GateOwner("""
            public void {|#1:Dispose|}()
                {
                    _gate = null!;
                    Release();
                }

                private void Release() => _gate?.Dispose();
            """),
            Lck002Gate(" in Dispose(): it disposes it after setting it to null"));

        [Fact]
        public Task DisposeThenSetToNull_NoDiagnostic() => Silent("""
            public void Dispose()
                {
                    _gate?.Dispose();
                    _gate = null!;
                }
            """);

        [Fact]
        public Task LocalCopyDisposedAfterSettingTheFieldToNull_NoDiagnostic() => Silent("""
            public void Dispose()
                {
                    var gate = _gate;
                    _gate = null!;
                    gate?.Dispose();
                }
            """);

        [Fact]
        public Task ExchangedOutAndDisposed_NoDiagnostic() => Silent("""
            public void Dispose() => Interlocked.Exchange(ref _gate, null!)?.Dispose();
            """);

        // ------------------------------------------------------------ sync-over-async: one path, not two

        [Fact]
        public Task DisposeRunsDisposeAsyncToCompletion_AfterAnEarlyReturn_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading.Channels;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Connection : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _channel = new Semaphore(1, 1);
                private bool _disposed;

                public void Dispose()
                {
                    if (_disposed)
                    {
                        return;
                    }

                    DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                public async ValueTask DisposeAsync()
                {
                    _disposed = true;
                    await Task.Yield();
                    _channel.Dispose();
                }
            }
            """);

        [Theory]
        [InlineData("DisposeAsync().GetAwaiter().GetResult();")]
        [InlineData("DisposeAsync().AsTask().Wait();")]
        public Task DisposeRunsDisposeAsync_OtherForms_NoDiagnostic(string run) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Connection : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose() => {{run}}

                public ValueTask DisposeAsync()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        // ------------------------------------------------------------ hooks of any name

        [Fact]
        public Task OverrideOfAHookTheBaseDisposeCalls_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            abstract class Channel : IDisposable
            {
                public void Dispose()
                {
                    OnClosing();
                    GC.SuppressFinalize(this);
                }

                protected virtual void OnClosing()
                {
                }
            }

            sealed class StoreChannel : Channel
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                protected override void OnClosing() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task OverrideOfAVirtualTheBaseDisposeNeverCalls_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            abstract class Channel : IDisposable
            {
                public void Dispose()
                {
                    GC.SuppressFinalize(this);
                }

                protected virtual void OnClosing()
                {
                }
            }

            sealed class StoreChannel : Channel
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                protected override void OnClosing() => _gate.Dispose();
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0)
                .WithMessage("'StoreChannel' creates Semaphore '_gate' in its field initializer but never releases it ('Channel.Dispose()' cannot be overridden: release it in a protected virtual method that it calls)"));

        [Fact]
        public Task OverrideOfTheHookASealedDisposeBoolCalls_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                }
            }

            class PooledResource : Resource
            {
                protected sealed override void Dispose(bool disposing)
                {
                    ReleaseResources();
                    base.Dispose(disposing);
                }

                protected virtual void ReleaseResources()
                {
                }
            }

            sealed class StoreResource : PooledResource
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                protected override void ReleaseResources() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task SealedDisposeBoolCallingAVirtualHook_NotReleased_ReportsWithoutSayingNoHookExists() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                }
            }

            class PooledResource : Resource
            {
                protected sealed override void Dispose(bool disposing)
                {
                    ReleaseResources();
                    base.Dispose(disposing);
                }

                protected virtual void ReleaseResources()
                {
                }
            }

            sealed class StoreResource : PooledResource
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0)
                .WithMessage("'StoreResource' creates Semaphore '_gate' in its field initializer but never releases it"));

        // ------------------------------------------------------------ the field's value, followed to a release

        [Theory]
        [InlineData("if (_gate is { } gate) gate.Dispose();")]
        [InlineData("if (_gate is IDisposable d) d.Dispose();")]
        [InlineData("if (_gate is not { } gate) return; gate.Dispose();")]
        [InlineData("switch (_gate) { case IDisposable d: d.Dispose(); break; }")]
        [InlineData("var gate = _gate; gate?.Dispose();")]
        [InlineData("using var gate = _gate;")]
        [InlineData("Action release = () => _gate.Dispose(); release();")]
        [InlineData("Release(_gate); static void Release(IDisposable d) => d.Dispose();")]
        [InlineData("Release(_gate); void Release(Semaphore s) { s.Dispose(); }")]
        [InlineData("Release(Interlocked.Exchange(ref _gate, null!)); static void Release(Semaphore? s) => s?.Dispose();")]
        [InlineData("DisposeAll(_gate, null);")]
        public Task ReleaseOfTheFieldsValue_NoDiagnostic(string release) => Silent($$"""
            public void Dispose()
                {
                    {{release}}
                }

                private static void DisposeAll(params IDisposable?[] items)
                {
                    foreach (var item in items)
                    {
                        item?.Dispose();
                    }
                }
            """);

        [Fact]
        public Task AsyncDisposableBoundByPattern_Released_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading.Tasks;

            sealed class Lease : IAsyncDisposable
            {
                public ValueTask DisposeAsync() => default;
            }

            sealed class Wrapper : IAsyncDisposable
            {
                private readonly System.Threading.Semaphore _gate = new System.Threading.Semaphore(1, 1);

                public ValueTask DisposeAsync()
                {
                    _gate.Dispose();
                    return default;
                }
            }

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly IAsyncDisposable _inner = new Wrapper();

                public async ValueTask DisposeAsync()
                {
                    if (_inner is IAsyncDisposable a)
                    {
                        await a.DisposeAsync();
                    }
                }
            }
            """);

        [Theory]
        [InlineData("if (_other is { } other) other.Dispose();")]
        [InlineData("switch (_other) { case IDisposable d: d.Dispose(); break; }")]
        [InlineData("NoOp(_gate);")]
        [InlineData("Look(_gate); static void Look(Semaphore s) => s.Release();")]
        [InlineData("Action release = () => _gate.Release(); release();")]
        public Task ValueFollowedToSomethingElse_Reports(string release) => Verify.DiagnosticsAsync(GateOwner($$"""
            public void {|#1:Dispose|}()
                {
                    {{release}}
                }

                private static void NoOp(params IDisposable?[] items)
                {
                    foreach (var item in items)
                    {
                        GC.KeepAlive(item);
                    }
                }
            """, "    private readonly IDisposable? _other = null;"),
            Lck002Gate(" in Dispose()"));

        private static string LanesOwner(string dispose) => $$"""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class Pool : IDisposable
            {
                private readonly Semaphore[] _lanes = {|#0:new[] { new Semaphore(1, 1), new Semaphore(1, 1) }|};
                private readonly List<Semaphore> _queue = new List<Semaphore> { new Semaphore(1, 1) };

                public void {|#1:Dispose|}()
                {
                    _queue.ForEach(q => q.Dispose());
                    {{dispose}}
                }
            }
            """;

        [Theory]
        [InlineData("Array.ForEach(_lanes, l => l.Dispose());")]
        [InlineData("Array.ForEach(_lanes, static l => { l?.Dispose(); });")]
        [InlineData("Array.ForEach(_lanes, Release); static void Release(Semaphore s) => s.Dispose();")]
        [InlineData("foreach (var lane in _lanes) { if (lane is { } l) l.Dispose(); }")]
        public Task ArrayReleasedThroughForEach_NoDiagnostic(string release) =>
            Verify.DiagnosticsAsync(LanesOwner(release).Replace("{|#0:", "").Replace("}|};", "};").Replace("{|#1:Dispose|}", "Dispose"));

        [Theory]
        [InlineData("Array.ForEach(_lanes, l => l.Release());")]
        [InlineData("Array.ForEach(_lanes, l => l.WaitOne(0));")]
        public Task ArrayForEachThatDoesNotRelease_Reports(string release) => Verify.DiagnosticsAsync(LanesOwner(release).Replace("{|#0:new[] { new Semaphore(1, 1), new Semaphore(1, 1) }|}", "new[] { {|#0:new Semaphore(1, 1)|}, new Semaphore(1, 1) }"),
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'Pool' creates Semaphore '_lanes' in its field initializer but never releases it in Dispose()"));

        // A helper that disposes every element of the array it is passed releases the collection (SPEC: "a helper that
        // releases every element"), in the type or in another type of the compilation.
        private const string LaneHelpers = """

            static class Lanes
            {
                public static void DisposeEach(Semaphore[] lanes)
                {
                    foreach (var lane in lanes)
                    {
                        lane.Dispose();
                    }
                }

                public static void DisposeFirst(Semaphore[] lanes) => lanes[0].Dispose();
            }
            """;

        [Theory]
        [InlineData("DisposeAll(_lanes); static void DisposeAll(Semaphore[] ls) { foreach (var l in ls) l.Dispose(); }")]
        [InlineData("DisposeAll(_lanes); static void DisposeAll(Semaphore[] ls) => Array.ForEach(ls, l => l.Dispose());")]
        [InlineData("DisposeAll(_lanes); static void DisposeAll(params Semaphore[] ls) { for (var i = 0; i < ls.Length; i++) ls[i]?.Dispose(); }")]
        [InlineData("Lanes.DisposeEach(_lanes);")]
        public Task ArrayReleasedByHelperOfEveryElement_NoDiagnostic(string release) =>
            Verify.DiagnosticsAsync(LanesOwner(release).Replace("{|#0:", "").Replace("}|};", "};").Replace("{|#1:Dispose|}", "Dispose") + LaneHelpers);

        [Theory]
        [InlineData("Lanes.DisposeFirst(_lanes);")]
        [InlineData("DisposeFirst(_lanes); static void DisposeFirst(Semaphore[] ls) => ls[0].Dispose();")]
        [InlineData("Wait(_lanes); static void Wait(Semaphore[] ls) { foreach (var l in ls) l.WaitOne(0); }")]
        public Task ArrayHelperThatDoesNotReleaseEveryElement_Reports(string release) => Verify.DiagnosticsAsync(
            LanesOwner(release).Replace("{|#0:new[] { new Semaphore(1, 1), new Semaphore(1, 1) }|}", "new[] { {|#0:new Semaphore(1, 1)|}, new Semaphore(1, 1) }") + LaneHelpers,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'Pool' creates Semaphore '_lanes' in its field initializer but never releases it in Dispose()"));

        // ------------------------------------------------------------ a thread or task the type starts tears down

        [Theory]
        [InlineData("_thread = new Thread(Run);")]
        [InlineData("_thread = new Thread(() => Run());")]
        [InlineData("Task.Run(Run);")]
        [InlineData("Task.Factory.StartNew(() => Run(), TaskCreationOptions.LongRunning);")]
        public Task ReleaseAtTheEndOfAThreadBodyTheTypeStarts_NoDiagnostic(string start) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Pump : IDisposable
            {
                private readonly ManualResetEvent _stop = new ManualResetEvent(false);
                private Thread? _thread;
                private volatile bool _running = true;

                public Pump()
                {
                    {{start}}
                }

                private void Run()
                {
                    while (_running)
                    {
                        _stop.WaitOne(100);
                    }

                    _stop.Dispose();
                }

                public void Dispose()
                {
                    _running = false;
                    GC.KeepAlive(_thread);
                }
            }
            """);

        [Fact]
        public Task ReleaseInAMethodNoThreadRuns_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Pump : IDisposable
            {
                private readonly ManualResetEvent _stop = {|#0:new ManualResetEvent(false)|};

                private void Run()
                {
                    _stop.WaitOne(100);
                    _stop.Dispose();
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'Pump' creates ManualResetEvent '_stop' in its field initializer but never releases it in Dispose()"));
    }
}
