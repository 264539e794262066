using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes;
using LockLeak.Tests.Infrastructure;
using LockLeak.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>The LCK001/LCK002 fix: every row of SPEC.md's fix table for managed primitives and wrappers.</summary>
    public class ReleaseLockInDisposeFixTests
    {
        [Fact]
        public void Provider_ExportedSharedSealed_FixAllCoversSolution()
        {
            var type = typeof(ReleaseLockInDisposeCodeFix);
            var export = Assert.Single(type.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false).Cast<ExportCodeFixProviderAttribute>());
            Assert.Equal(nameof(ReleaseLockInDisposeCodeFix), export.Name);
            Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
            Assert.Single(type.GetCustomAttributes(typeof(SharedAttribute), inherit: false));
            Assert.True(type.IsSealed);

            var provider = new ReleaseLockInDisposeCodeFix();
            Assert.Equal(new[] { "LCK001", "LCK002", "LCK006" }, provider.FixableDiagnosticIds);
            Assert.Equal(
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution },
                provider.GetFixAllProvider().GetSupportedFixAllScopes());
            Assert.Equal("LCK001.ReleaseInDispose", ReleaseLockInDisposeCodeFix.MakeDisposableKey);
            Assert.Equal("LCK002.ReleaseInDispose", ReleaseLockInDisposeCodeFix.ReleaseInDisposeKey);
            Assert.Equal("LCK006.DisposeAfterLastWaiter", ReleaseLockInDisposeCodeFix.DisposeAfterLastWaiterKey);
        }

        // ------------------------------------------------------------ LCK001: no Dispose at all

        [Fact]
        public Task SealedClass_NoUsingSystem_AddsUsingInterfaceAndPlainDispose() => Verify.FixAsync("""
            using System.Threading;

            sealed class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = {|LCK006:new SemaphoreSlim(1)|};
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
        public Task UnsealedClass_UsingSystemPresent_AddsDisposePattern() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
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
        public Task UnsealedClass_NoUsingSystem_AddsOneUsingForInterfaceAndGC() => Verify.FixAsync("""
            using System.Threading;

            namespace Store
            {
                class StoreContext
                {
                    private readonly Mutex _mutex = {|LCK001:new Mutex()|};
                }
            }
            """, """
            using System;
            using System.Threading;

            namespace Store
            {
                class StoreContext : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _mutex.Dispose();
                        }
                    }
                }
            }
            """);

        [Fact]
        public Task Struct_NoDispose_AddsPlainDisposeAndNoFinalizer() => Verify.FixAsync("""
            using System;
            using System.Threading;

            struct Slot
            {
                private readonly SemaphoreSlim _gate;

                public Slot(int count)
                {
                    _gate = {|LCK006:new SemaphoreSlim(count)|};
                }
            }
            """, """
            using System;
            using System.Threading;

            struct Slot : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Slot(int count)
                {
                    _gate = new SemaphoreSlim(count);
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task SealedRecord_NoDispose_AddsPlainDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed record Session(string Name)
            {
                private readonly ManualResetEventSlim _ready = {|LCK006:new ManualResetEventSlim()|};
            }
            """, """
            using System;
            using System.Threading;

            sealed record Session(string Name) : IDisposable
            {
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                public void Dispose()
                {
                    _ready.Dispose();
                }
            }
            """);

        [Fact]
        public Task Record_NotSealed_AddsDisposePattern() => Verify.FixAsync("""
            using System;
            using System.Threading;

            record Session(string Name)
            {
                private readonly ManualResetEventSlim _ready = {|LCK006:new ManualResetEventSlim()|};
            }
            """, """
            using System;
            using System.Threading;

            record Session(string Name) : IDisposable
            {
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _ready.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task SealedClass_ThreePrimitives_OneInterfaceAndOneDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Cache
            {
                private readonly Semaphore _read = {|LCK001:new Semaphore(1, 1)|};
                private readonly ReaderWriterLockSlim _lock = {|LCK001:new ReaderWriterLockSlim()|};
                private readonly ManualResetEvent _ready;

                public Cache()
                {
                    _ready = {|LCK001:new ManualResetEvent(false)|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Cache : IDisposable
            {
                private readonly Semaphore _read = new Semaphore(1, 1);
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private readonly ManualResetEvent _ready;

                public Cache()
                {
                    _ready = new ManualResetEvent(false);
                }

                public void Dispose()
                {
                    _read.Dispose();
                    _lock.Dispose();
                    _ready.Dispose();
                }
            }
            """);

        // ------------------------------------------------------------ LCK002: the type has a Dispose

        [Fact]
        public Task Dispose_Empty_AppendsRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

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
        public Task ExplicitDispose_AppendsRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly AutoResetEvent _signal = {|LCK002:new AutoResetEvent(false)|};
                private bool _closed;

                void IDisposable.Dispose()
                {
                    _closed = true;
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly AutoResetEvent _signal = new AutoResetEvent(false);
                private bool _closed;

                void IDisposable.Dispose()
                {
                    _closed = true;
                    _signal.Dispose();
                }
            }
            """);

        [Fact]
        public Task Dispose_ExpressionBodied_BecomesBlock() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
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

        [Fact]
        public Task Dispose_EndsWithSuppressFinalize_ReleaseGoesBeforeIt() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private bool _disposed;

                public void Dispose()
                {
                    // Idempotent.
                    _disposed = true;
                    GC.SuppressFinalize(this);
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private bool _disposed;

                public void Dispose()
                {
                    // Idempotent.
                    _disposed = true;
                    _gate.Dispose();
                    GC.SuppressFinalize(this);
                }
            }
            """);

        [Fact]
        public Task MayBeNull_WritesConditionalAccess() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext(bool throttled)
                {
                    if (throttled)
                    {
                        _gate = {|LCK006:new SemaphoreSlim(4)|};
                    }
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext(bool throttled)
                {
                    if (throttled)
                    {
                        _gate = new SemaphoreSlim(4);
                    }
                }

                public void Dispose()
                {
                    _gate?.Dispose();
                }
            }
            """);

        [Fact]
        public Task DisposeBool_WithIfDisposing_ReleasesInsideIt() => Verify.FixAsync("""
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly Stream _log = Stream.Null;
                private bool _disposed;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (disposing)
                    {
                        _log.Dispose();
                    }

                    _disposed = true;
                }
            }
            """, """
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Stream _log = Stream.Null;
                private bool _disposed;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    if (disposing)
                    {
                        _log.Dispose();
                        _gate.Dispose();
                    }

                    _disposed = true;
                }
            }
            """);

        [Fact]
        public Task DisposeBool_GeneratedPatternWithTodo_ReleaseFollowsTheComment() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private bool disposedValue;

                protected virtual void Dispose(bool disposing)
                {
                    if (!disposedValue)
                    {
                        if (disposing)
                        {
                            // TODO: dispose managed state (managed objects)
                        }

                        disposedValue = true;
                    }
                }

                public void Dispose()
                {
                    Dispose(disposing: true);
                    GC.SuppressFinalize(this);
                }
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private bool disposedValue;

                protected virtual void Dispose(bool disposing)
                {
                    if (!disposedValue)
                    {
                        if (disposing)
                        {
                            // TODO: dispose managed state (managed objects)
                            _gate.Dispose();
                        }

                        disposedValue = true;
                    }
                }

                public void Dispose()
                {
                    Dispose(disposing: true);
                    GC.SuppressFinalize(this);
                }
            }
            """);

        [Fact]
        public Task DisposeBool_IfDisposingWithoutBraces_GetsBlock() => Verify.FixAsync("""
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly Stream _log = Stream.Null;

                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                        _log.Dispose();
                }
            }
            """, """
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Stream _log = Stream.Null;

                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _log.Dispose();
                        _gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DisposeBool_ExpressionBodied_BecomesBlockWithIfDisposing() => Verify.FixAsync("""
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly Stream _log = Stream.Null;

                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing) => _log.Dispose();
            }
            """, """
            using System;
            using System.IO;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Stream _log = Stream.Null;

                public void Dispose() => Dispose(true);

                protected virtual void Dispose(bool disposing)
                {
                    _log.Dispose();
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DisposeBool_WithoutIfDisposing_CreatesIt() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private IntPtr _buffer;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    _buffer = IntPtr.Zero;
                }
            }
            """, """
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private IntPtr _buffer;

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    _buffer = IntPtr.Zero;
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncOnly_SyncPrimitive_ReleasesThere() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly Task _pump = Task.CompletedTask;

                public async ValueTask DisposeAsync()
                {
                    await _pump.ConfigureAwait(false);
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Task _pump = Task.CompletedTask;

                public async ValueTask DisposeAsync()
                {
                    await _pump.ConfigureAwait(false);
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncCore_NotAsync_ReleaseGoesBeforeReturn() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore().ConfigureAwait(false);
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    return default;
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore().ConfigureAwait(false);
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        private const string AsyncOnlyWrapper = """

            sealed class AsyncGate : IAsyncDisposable
            {
                private readonly Semaphore _inner = new Semaphore(1, 1);

                public ValueTask DisposeAsync()
                {
                    _inner.Dispose();
                    return default;
                }
            }
            """;

        [Fact]
        public Task AsyncOnlyWrapper_AsyncDisposeAsync_AwaitsDisposeAsync() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly AsyncGate _gate = {|LCK002:new AsyncGate()|};

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                }
            }
            """ + AsyncOnlyWrapper, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly AsyncGate _gate = new AsyncGate();

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    await _gate.DisposeAsync();
                }
            }
            """ + AsyncOnlyWrapper);

        [Fact]
        public Task AsyncOnlyWrapper_SyncDispose_NoFixOffered()
        {
            const string Source = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class StoreContext : IDisposable
                {
                    private readonly AsyncGate _gate = {|LCK002:new AsyncGate()|};

                    public void Dispose()
                    {
                    }
                }
                """ + AsyncOnlyWrapper;
            return Verify.FixAsync(Source, Source);
        }

        [Fact]
        public Task AsyncOnlyWrapper_SyncDisposeAndAsyncDisposeAsync_AwaitsInDisposeAsync() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};
                private readonly AsyncGate _flush = {|LCK002:new AsyncGate()|};

                public void Dispose()
                {
                }

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    Dispose();
                }
            }
            """ + AsyncOnlyWrapper, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);
                private readonly AsyncGate _flush = new AsyncGate();

                public void Dispose()
                {
                    _gate.Dispose();
                }

                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    Dispose();
                    await _flush.DisposeAsync();
                }
            }
            """ + AsyncOnlyWrapper);

        [Fact]
        public Task AsyncOnlyWrapper_NoDispose_NoFixOffered()
        {
            const string Source = """
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class StoreContext
                {
                    private readonly AsyncGate _gate = {|LCK001:new AsyncGate()|};
                }
                """ + AsyncOnlyWrapper;
            return Verify.FixAsync(Source, Source);
        }

        [Fact]
        public Task AutoProperty_ReleasedByName() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                public ReaderWriterLockSlim Lock { get; } = {|LCK002:new ReaderWriterLockSlim()|};

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                public ReaderWriterLockSlim Lock { get; } = new ReaderWriterLockSlim();

                public void Dispose()
                {
                    Lock.Dispose();
                }
            }
            """);

        [Fact]
        public Task CollectionField_ReleasesEveryElement() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly SemaphoreSlim[] _stripes = new SemaphoreSlim[16];

                public StripedLock()
                {
                    for (var i = 0; i < _stripes.Length; i++)
                    {
                        _stripes[i] = {|LCK006:new SemaphoreSlim(1)|};
                    }
                }

                public void Dispose()
                {
                    var stripe = 0;
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly SemaphoreSlim[] _stripes = new SemaphoreSlim[16];

                public StripedLock()
                {
                    for (var i = 0; i < _stripes.Length; i++)
                    {
                        _stripes[i] = new SemaphoreSlim(1);
                    }
                }

                public void Dispose()
                {
                    var stripe = 0;
                    foreach (var stripe2 in _stripes)
                    {
                        stripe2.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task TupleDeconstruction_BothPrimitivesReleased() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _read;
                private readonly SemaphoreSlim _write;

                public StoreContext()
                {
                    (_read, _write) = ({|LCK006:new SemaphoreSlim(4)|}, {|LCK006:new SemaphoreSlim(1)|});
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _read;
                private readonly SemaphoreSlim _write;

                public StoreContext()
                {
                    (_read, _write) = (new SemaphoreSlim(4), new SemaphoreSlim(1));
                }

                public void Dispose()
                {
                    _read.Dispose();
                    _write.Dispose();
                }
            }
            """);

        [Fact]
        public Task ListFilledInConstructor_NoDispose_AddsDisposeWithLoop() => Verify.FixAsync("""
            using System.Collections.Generic;
            using System.Threading;

            sealed class StripedLock
            {
                private readonly List<SemaphoreSlim> _stripes = new List<SemaphoreSlim>();

                public StripedLock(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _stripes.Add({|LCK006:new SemaphoreSlim(1)|});
                    }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly List<SemaphoreSlim> _stripes = new List<SemaphoreSlim>();

                public StripedLock(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _stripes.Add(new SemaphoreSlim(1));
                    }
                }

                public void Dispose()
                {
                    foreach (var stripe in _stripes)
                    {
                        stripe.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DictionaryByToDictionary_ReleasesEveryValue() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class TenantLocks : IDisposable
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _locks;

                public TenantLocks(IEnumerable<string> tenants)
                {
                    _locks = tenants.ToDictionary(k => k, _ => {|LCK002:new ReaderWriterLockSlim()|});
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class TenantLocks : IDisposable
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _locks;

                public TenantLocks(IEnumerable<string> tenants)
                {
                    _locks = tenants.ToDictionary(k => k, _ => new ReaderWriterLockSlim());
                }

                public void Dispose()
                {
                    foreach (var item in _locks.Values)
                    {
                        item.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DictionaryFilledByConstructorLoop_NoDispose_AddsDisposeOverValues() => Verify.FixAsync("""
            using System.Collections.Generic;
            using System.Threading;

            sealed class TenantLocks
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _tenantLocks = new Dictionary<string, ReaderWriterLockSlim>();

                public TenantLocks(string[] tenants)
                {
                    foreach (var tenant in tenants)
                    {
                        _tenantLocks[tenant] = {|LCK001:new ReaderWriterLockSlim()|};
                    }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class TenantLocks : IDisposable
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _tenantLocks = new Dictionary<string, ReaderWriterLockSlim>();

                public TenantLocks(string[] tenants)
                {
                    foreach (var tenant in tenants)
                    {
                        _tenantLocks[tenant] = new ReaderWriterLockSlim();
                    }
                }

                public void Dispose()
                {
                    foreach (var tenantLock in _tenantLocks.Values)
                    {
                        tenantLock.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task ConcurrentDictionaryOfSemaphores_DisposesEveryValue() => Verify.FixAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;

            sealed class Pool : IDisposable
            {
                private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new ConcurrentDictionary<string, SemaphoreSlim>();

                public Pool(string[] names)
                {
                    foreach (var name in names)
                    {
                        _gates.TryAdd(name, {|LCK006:new SemaphoreSlim(1)|});
                    }
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Collections.Concurrent;
            using System.Threading;

            sealed class Pool : IDisposable
            {
                private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new ConcurrentDictionary<string, SemaphoreSlim>();

                public Pool(string[] names)
                {
                    foreach (var name in names)
                    {
                        _gates.TryAdd(name, new SemaphoreSlim(1));
                    }
                }

                public void Dispose()
                {
                    foreach (var gate in _gates.Values)
                    {
                        gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task ListOfSemaphores_DisposeBool_ReleasesInsideDisposing() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            class Pool : IDisposable
            {
                private readonly List<SemaphoreSlim> _gates = new List<SemaphoreSlim>();

                public Pool(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _gates.Add({|LCK006:new SemaphoreSlim(1)|});
                    }
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Threading;

            class Pool : IDisposable
            {
                private readonly List<SemaphoreSlim> _gates = new List<SemaphoreSlim>();

                public Pool(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _gates.Add(new SemaphoreSlim(1));
                    }
                }

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        foreach (var gate in _gates)
                        {
                            gate.Dispose();
                        }
                    }
                }
            }
            """);

        [Fact]
        public Task FixAll_SeveralCollections_GatheredInOneDispose() => Verify.FixAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class Registry : IDisposable
            {
                private readonly Dictionary<string, Mutex> _mutexes;
                private readonly List<ReaderWriterLockSlim> _stripes = new List<ReaderWriterLockSlim>();
                private readonly Semaphore[] _slots = { {|LCK002:new Semaphore(1, 1)|}, new Semaphore(1, 1) };

                public Registry(string[] names)
                {
                    _mutexes = names.ToDictionary(n => n, _ => {|LCK002:new Mutex()|});
                    for (var i = 0; i < names.Length; i++)
                    {
                        _stripes.Add({|LCK002:new ReaderWriterLockSlim()|});
                    }
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class Registry : IDisposable
            {
                private readonly Dictionary<string, Mutex> _mutexes;
                private readonly List<ReaderWriterLockSlim> _stripes = new List<ReaderWriterLockSlim>();
                private readonly Semaphore[] _slots = { new Semaphore(1, 1), new Semaphore(1, 1) };

                public Registry(string[] names)
                {
                    _mutexes = names.ToDictionary(n => n, _ => new Mutex());
                    for (var i = 0; i < names.Length; i++)
                    {
                        _stripes.Add(new ReaderWriterLockSlim());
                    }
                }

                public void Dispose()
                {
                    foreach (var slot in _slots)
                    {
                        slot.Dispose();
                    }

                    foreach (var mutex in _mutexes.Values)
                    {
                        mutex.Dispose();
                    }

                    foreach (var stripe in _stripes)
                    {
                        stripe.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task LocalShadowsField_KeepsThisQualifier() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                    var gate = "closed";
                    Console.WriteLine(gate);
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    var gate = "closed";
                    Console.WriteLine(gate);
                    this.gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task FinalizerOnly_NoFixOffered()
        {
            const string Source = """
                using System.Threading;

                class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                    ~StoreContext()
                    {
                    }
                }
                """;
            return Verify.FixAsync(Source, Source);
        }

        [Fact]
        public Task RefStruct_NoDispose_AddsPatternDisposeWithoutInterface() => Verify.FixAsync("""
            using System.Threading;

            ref struct Scope
            {
                private readonly SemaphoreSlim _gate;

                public Scope(int count)
                {
                    _gate = {|LCK006:new SemaphoreSlim(count)|};
                }
            }
            """, """
            using System.Threading;

            ref struct Scope
            {
                private readonly SemaphoreSlim _gate;

                public Scope(int count)
                {
                    _gate = new SemaphoreSlim(count);
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task NestedTypes_BothFixedInOnePass() => Verify.FixAsync("""
            using System.Threading;

            sealed class Outer
            {
                private readonly Semaphore _gate = {|LCK001:new Semaphore(1, 1)|};

                private sealed class Inner
                {
                    private readonly Mutex _mutex = {|LCK001:new Mutex()|};
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Outer : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                private sealed class Inner : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose()
                    {
                        _mutex.Dispose();
                    }
                }

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task BaseWithDisposeButNoInterface_NoFixOffered()
        {
            const string Source = """
                using System.Threading;

                class Resource
                {
                    public void Dispose()
                    {
                    }
                }

                class StoreContext : Resource
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """;
            return Verify.FixAsync(Source, Source);
        }

        // ------------------------------------------------------------ LCK002: the Dispose is in the base type

        [Fact]
        public Task BaseWithVirtualDispose_OverridesDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public virtual void Dispose()
                {
                }
            }

            class StoreContext : Resource
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """, """
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public virtual void Dispose()
                {
                }
            }

            class StoreContext : Resource
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public override void Dispose()
                {
                    _gate.Dispose();
                    base.Dispose();
                }
            }
            """);


        [Fact]
        public Task BaseWithVirtualDisposeBool_AddsOverride() => Verify.FixAsync("""
            using System.IO;
            using System.Threading;

            class GatedStream : MemoryStream
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """, """
            using System.IO;
            using System.Threading;

            class GatedStream : MemoryStream
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                protected override void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }

                    base.Dispose(disposing);
                }
            }
            """);

        [Fact]
        public Task BaseWithProtectedHookItsDisposeCalls_OverridesTheHook() => Verify.FixAsync("""
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public void Dispose()
                {
                    DisposeCore();
                }

                protected virtual void DisposeCore()
                {
                }
            }

            class StoreContext : Resource
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """, """
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public void Dispose()
                {
                    DisposeCore();
                }

                protected virtual void DisposeCore()
                {
                }
            }

            class StoreContext : Resource
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                protected override void DisposeCore()
                {
                    _gate.Dispose();
                    base.DisposeCore();
                }
            }
            """);

        [Fact]
        public Task BaseWithNonVirtualDispose_NoFixOffered()
        {
            const string Source = """
                using System;
                using System.Threading;

                class Resource : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }

                class StoreContext : Resource
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """;
            return Verify.FixAsync(Source, Source);
        }

        [Fact]
        public Task BaseWithSealedDisposeBool_NoFixOffered()
        {
            const string Source = """
                using System;
                using System.Threading;

                class Resource : IDisposable
                {
                    public void Dispose()
                    {
                        Dispose(true);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                    }
                }

                class Pooled : Resource
                {
                    protected sealed override void Dispose(bool disposing)
                    {
                        base.Dispose(disposing);
                    }
                }

                class StoreContext : Pooled
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """;
            return Verify.FixAsync(Source, Source);
        }

        // ------------------------------------------------------------ partial types, Fix All, half-typed code

        [Fact]
        public async Task PartialType_DisposeInAnotherDocument_EditsThatDocument()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/Store.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """));
            test.TestState.Sources.Add(("/0/Store.Dispose.cs", """
                using System;

                partial class StoreContext : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Store.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                }
                """));
            test.FixedState.Sources.Add(("/0/Store.Dispose.cs", """
                using System;

                partial class StoreContext : IDisposable
                {
                    public void Dispose()
                    {
                        _gate.Dispose();
                    }
                }
                """));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task PartialType_FieldsInTwoDocuments_OneInterfaceAndOneDispose()
        {
            var test = new LockLeakTest
            {
                NumberOfIncrementalIterations = 2,
                NumberOfFixAllInDocumentIterations = 2,
                NumberOfFixAllInProjectIterations = 1,
                NumberOfFixAllIterations = 1,
            };
            test.TestState.Sources.Add(("/0/Store.cs", """
                using System.Threading;

                sealed partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """));
            test.TestState.Sources.Add(("/0/Store.Events.cs", """
                using System.Threading;

                sealed partial class StoreContext
                {
                    private readonly ManualResetEventSlim _ready = {|LCK006:new ManualResetEventSlim()|};
                }
                """));
            // The edit goes to the part of the first diagnostic in path order, in one pass as one at a time.
            test.FixedState.Sources.Add(("/0/Store.cs", """
                using System.Threading;

                sealed partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                }
                """));
            test.FixedState.Sources.Add(("/0/Store.Events.cs", """
                using System;
                using System.Threading;

                sealed partial class StoreContext : IDisposable
                {
                    private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                    public void Dispose()
                    {
                        _ready.Dispose();
                        _gate.Dispose();
                    }
                }
                """));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAllInSolution_ThreePrimitivesOfOneTypeAndTwoMoreTypes_OneEditPerType()
        {
            var test = new LockLeakTest
            {
                CodeActionEquivalenceKey = ReleaseLockInDisposeCodeFix.ReleaseInDisposeKey,
                NumberOfIncrementalIterations = 6,
                NumberOfFixAllInDocumentIterations = 3,
                NumberOfFixAllInProjectIterations = 1,
                NumberOfFixAllIterations = 1,
            };
            test.TestState.Sources.Add(("/0/Cache.cs", """
                using System;
                using System.Threading;

                class Cache : IDisposable
                {
                    private readonly Semaphore _read = {|LCK002:new Semaphore(1, 1)|};
                    private readonly ReaderWriterLockSlim _lock = {|LCK002:new ReaderWriterLockSlim()|};
                    private readonly ManualResetEvent _ready = {|LCK002:new ManualResetEvent(false)|};

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                    }
                }
                """));
            test.TestState.Sources.Add(("/0/Journal.cs", """
                using System;
                using System.Threading;

                sealed class Journal : IDisposable
                {
                    private readonly Mutex _mutex = {|LCK002:new Mutex()|};

                    public void Dispose() => GC.SuppressFinalize(this);
                }
                """));
            test.TestState.Sources.Add(("/0/Index.cs", """
                using System;
                using System.Collections.Generic;
                using System.Threading;

                sealed class Index : IDisposable
                {
                    private readonly List<Semaphore> _locks = new List<Semaphore>();
                    private readonly Mutex _pending;

                    public Index(int stripes)
                    {
                        for (var i = 0; i < stripes; i++)
                        {
                            _locks.Add({|LCK002:new Semaphore(1, 1)|});
                        }

                        _pending = {|LCK002:new Mutex()|};
                    }

                    public void Dispose()
                    {
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Cache.cs", """
                using System;
                using System.Threading;

                class Cache : IDisposable
                {
                    private readonly Semaphore _read = new Semaphore(1, 1);
                    private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                    private readonly ManualResetEvent _ready = new ManualResetEvent(false);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (disposing)
                        {
                            _read.Dispose();
                            _lock.Dispose();
                            _ready.Dispose();
                        }
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Journal.cs", """
                using System;
                using System.Threading;

                sealed class Journal : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose()
                    {
                        _mutex.Dispose();
                        GC.SuppressFinalize(this);
                    }
                }
                """));
            test.FixedState.Sources.Add(("/0/Index.cs", """
                using System;
                using System.Collections.Generic;
                using System.Threading;

                sealed class Index : IDisposable
                {
                    private readonly List<Semaphore> _locks = new List<Semaphore>();
                    private readonly Mutex _pending;

                    public Index(int stripes)
                    {
                        for (var i = 0; i < stripes; i++)
                        {
                            _locks.Add(new Semaphore(1, 1));
                        }

                        _pending = new Mutex();
                    }

                    public void Dispose()
                    {
                        foreach (var item in _locks)
                        {
                            item.Dispose();
                        }
                        _pending.Dispose();
                    }
                }
                """));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task FixAllInSolution_TwoProjects_FixesBoth()
        {
            var test = new LockLeakTest
            {
                CodeActionEquivalenceKey = ReleaseLockInDisposeCodeFix.MakeDisposableKey,
                NumberOfIncrementalIterations = 2,
                NumberOfFixAllInDocumentIterations = 2,
                NumberOfFixAllInProjectIterations = 2,
                NumberOfFixAllIterations = 1,
            };
            test.TestState.Sources.Add(("/0/Cache.cs", """
                using System.Threading;

                sealed class Cache
                {
                    private readonly Semaphore _gate = {|LCK001:new Semaphore(1, 1)|};
                }
                """));
            test.TestState.AdditionalProjects["Second"].Sources.Add(("/Second/Journal.cs", """
                using System.Threading;

                sealed class Journal
                {
                    private readonly Mutex _mutex = {|LCK001:new Mutex()|};
                }
                """));
            test.FixedState.Sources.Add(("/0/Cache.cs", """
                using System;
                using System.Threading;

                sealed class Cache : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose()
                    {
                        _gate.Dispose();
                    }
                }
                """));
            test.FixedState.AdditionalProjects["Second"].Sources.Add(("/Second/Journal.cs", """
                using System;
                using System.Threading;

                sealed class Journal : IDisposable
                {
                    private readonly Mutex _mutex = new Mutex();

                    public void Dispose()
                    {
                        _mutex.Dispose();
                    }
                }
                """));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task DisposeWithoutBody_NoFixOfferedAndNoException()
        {
            const string Source = """
                using System;
                using System.Threading;

                class StoreContext : IDisposable
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                    public void Dispose()
                }
                """;
            var test = new LockLeakTest { TestCode = Source, FixedCode = Source, CompilerDiagnostics = CompilerDiagnostics.None };
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task HalfTypedMemberInType_NoDispose_NoFixOfferedAndNoException()
        {
            const string Source = """
                using System.Threading;

                sealed class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                    public void Open(
                }
                """;
            var test = new LockLeakTest { TestCode = Source, FixedCode = Source, CompilerDiagnostics = CompilerDiagnostics.None };
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task DisposeMissingOpenBrace_NoFixOfferedAndNoException()
        {
            const string Source = """
                using System;
                using System.Threading;

                class StoreContext : IDisposable
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                    public void Dispose()
                        _gate.Release();
                    }
                }
                """;
            var test = new LockLeakTest { TestCode = Source, FixedCode = Source, CompilerDiagnostics = CompilerDiagnostics.None };
            await test.RunAsync(CancellationToken.None);
        }

        // ------------------------------------------------------------ Fix All as dotnet format starts it

        /// <summary>
        /// `dotnet format analyzers` asks for one id at a time, with the diagnostics of every id the analyzer reports
        /// and the equivalence key of the fix offered for the first of them, which may belong to the other id.
        /// </summary>
        [Theory]
        [InlineData("LCK002", ReleaseLockInDisposeCodeFix.MakeDisposableKey)]
        [InlineData("LCK001", ReleaseLockInDisposeCodeFix.ReleaseInDisposeKey)]
        public async Task FixAll_KeyOfTheOtherRule_FixesTheRequestedRuleOnly(string requested, string keyOfFirstDiagnostic)
        {
            const string Source = """
                using System;
                using System.Threading;

                sealed class Bare
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);
                }

                sealed class Forgetful : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose()
                    {
                    }
                }
                """;
            // Only the requested rule's types change: the other id gets its own turn.
            var expected = requested == "LCK001"
                ? Source.Replace(
                    "sealed class Bare\n{\n    private readonly Semaphore _gate = new Semaphore(1, 1);\n}",
                    "sealed class Bare : IDisposable\n{\n    private readonly Semaphore _gate = new Semaphore(1, 1);\n\n    public void Dispose()\n    {\n        _gate.Dispose();\n    }\n}",
                    StringComparison.Ordinal)
                : Source.Replace(
                    "    public void Dispose()\n    {\n    }",
                    "    public void Dispose()\n    {\n        _gate.Dispose();\n    }",
                    StringComparison.Ordinal);
            Assert.NotEqual(Source, expected);

            using var workspace = new AdhocWorkspace();
            var document = await RobustnessHarness.SingleDocumentAsync(workspace, Source);
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(LockLeakTest.AllAnalyzers.ToImmutableArray()).GetAnalyzerDiagnosticsAsync();
            Assert.Equal(new[] { "LCK001", "LCK002" }, diagnostics.Select(d => d.Id).OrderBy(id => id));

            var provider = new ReleaseLockInDisposeCodeFix();
            var context = new FixAllContext(
                document,
                provider,
                FixAllScope.Solution,
                keyOfFirstDiagnostic,
                new[] { requested },
                new FixedDiagnosticProvider(diagnostics),
                CancellationToken.None);
            var action = await provider.GetFixAllProvider().GetFixAsync(context);

            Assert.NotNull(action);
            var operations = await action!.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            Assert.Equal(expected, (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
        }
    }
}
