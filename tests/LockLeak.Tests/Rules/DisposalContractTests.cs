using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using LockLeak.Contract;
using LockLeak.Tests.Robustness;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// The decisions the disposal model hands the fixer through each diagnostic's properties: where the release goes,
    /// the hook to override, what the path already frees, deletes or resets, and the creation's platform check.
    /// </summary>
    public class DisposalContractTests
    {
        private static async Task<(Diagnostic Diagnostic, LockFix Fix)> OnlyAsync(string source, string id)
        {
            var tree = CSharpSyntaxTree.ParseText(source, RobustnessHarness.ParseOptions, path: "/0/Test0.cs");
            var compilation = CSharpCompilation.Create("Contract", new[] { tree }, await RobustnessHarness.ReferencesAsync(), RobustnessHarness.CompilationOptions);
            var failures = new ConcurrentQueue<string>();
            var diagnostics = await compilation.WithAnalyzers(RobustnessHarness.Analyzers, RobustnessHarness.AnalysisOptions(failures)).GetAnalyzerDiagnosticsAsync();
            Assert.Empty(failures);
            var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
            return (diagnostic, LockFix.From(diagnostic)!);
        }

        private static string At(string source, CodeSpot? spot) => source.Substring(spot!.Value.Start, spot.Value.Length);

        private static string[] At(string source, ImmutableArray<TeardownSpot> spots) =>
            spots.Select(s => (s.Guard == TeardownGuard.None ? string.Empty : s.Guard + " ") + (s.Via is null ? string.Empty : s.Via + ": ") + At(source, s.Spot)).ToArray();

        [Fact]
        public async Task SealedDisposeBoolCallingAVirtualHook_CarriesTheHookToOverride()
        {
            var (_, fix) = await OnlyAsync("""
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

                    protected internal virtual void ReleaseResources()
                    {
                    }
                }

                sealed class StoreResource : PooledResource
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);
                }
                """, "LCK002");

            Assert.Equal(DisposeShapeKind.BaseOverride, fix.Placement);
            Assert.Equal("M:PooledResource.ReleaseResources", fix.Hook);
            Assert.Equal(Accessibility.ProtectedOrInternal, fix.HookAccessibility);
            Assert.True(fix.HookOfSealedDispose);
        }

        [Fact]
        public async Task DisposeRunningDisposeAsync_TargetsTheAsyncPath_AndOnlyIt()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class Connection : IDisposable, IAsyncDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

                    public ValueTask DisposeAsync() => default;
                }
                """, "LCK002");

            Assert.Equal(DisposeShapeKind.Own, fix.Placement);
            Assert.Equal("M:Connection.DisposeAsync~System.Threading.Tasks.ValueTask", fix.Target);
            Assert.Empty(fix.ReleasePaths);
            Assert.Equal(DisposalEntries.Dispose | DisposalEntries.DisposeAsync, fix.Entries);
        }

        [Fact]
        public async Task IndependentSyncAndAsyncPaths_EachMustRelease()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class Connection : IDisposable, IAsyncDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose()
                    {
                    }

                    public ValueTask DisposeAsync() => default;
                }
                """, "LCK002");

            Assert.Equal(new[] { "M:Connection.Dispose", "M:Connection.DisposeAsync~System.Threading.Tasks.ValueTask" }, fix.ReleasePaths);
        }

        [Fact]
        public async Task DisposeAsyncEndingWithDisposeFalse_TargetsDisposeAsyncCore_AndBothPathsMustRelease()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class Connection : IDisposable, IAsyncDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

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

                    public async ValueTask DisposeAsync()
                    {
                        await DisposeAsyncCore().ConfigureAwait(false);
                        Dispose(disposing: false);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual ValueTask DisposeAsyncCore() => default;
                }
                """, "LCK002");

            Assert.Equal("M:Connection.DisposeAsyncCore~System.Threading.Tasks.ValueTask", fix.Target);
            Assert.Equal(new[] { "M:Connection.Dispose(System.Boolean)", "M:Connection.DisposeAsyncCore~System.Threading.Tasks.ValueTask" }, fix.ReleasePaths);
        }

        [Fact]
        public async Task FreeWithoutDelete_CarriesTheExistingFreeAndReset()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;

                unsafe sealed class StoreObject : IDisposable
                {
                    private void* _mutex;

                    public StoreObject()
                    {
                        _mutex = NativeMemory.Alloc(64);
                        pthread_mutex_init(_mutex, IntPtr.Zero);
                    }

                    public void Dispose()
                    {
                        if (_mutex != null)
                        {
                            NativeMemory.Free(_mutex);
                            _mutex = null;
                        }
                    }

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(void* mutex, IntPtr attributes);
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK003");

            Assert.Equal(new[] { "StorageCheck NativeMemory.Free(_mutex)" }, At(Source, fix.ExistingFrees));
            Assert.Equal(new[] { "StorageCheck _mutex = null" }, At(Source, fix.ExistingResets));
            Assert.Empty(fix.ExistingDeletes);
            Assert.Equal("M:StoreObject.Dispose", fix.Target);
        }

        [Fact]
        public async Task DeleteAfterExchange_CarriesTheLateReleaseAndTheExchangeLocal()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;
                using System.Threading;

                sealed class StoreObject : IDisposable
                {
                    private IntPtr _cs;

                    public StoreObject()
                    {
                        _cs = Marshal.AllocHGlobal(64);
                        InitializeCriticalSection(_cs);
                    }

                    public void Dispose()
                    {
                        var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                        DeleteCriticalSection(_cs);
                        Marshal.FreeHGlobal(memory);
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(IntPtr cs);

                    [DllImport("kernel32")]
                    private static extern void DeleteCriticalSection(IntPtr cs);
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK003");

            Assert.Equal(LateRelease.DeleteAfterReset, fix.Late);
            Assert.Equal("DeleteCriticalSection(_cs)", At(Source, fix.LateAt));
            Assert.Equal("Interlocked.Exchange(ref _cs, IntPtr.Zero)", At(Source, fix.LateResetAt));
            Assert.Equal(new[] { "DeleteCriticalSection(_cs)" }, At(Source, fix.LateReleases));
            var free = Assert.Single(fix.ExistingFrees);
            Assert.Equal("memory", free.Via);
            Assert.Equal("Marshal.FreeHGlobal(memory)", At(Source, free.Spot));
            Assert.True(fix.NeedsNativeRelease);
        }

        [Fact]
        public async Task LateDeletesOnTwoPaths_CarriesBoth()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;

                sealed unsafe class StoreObject : IDisposable
                {
                    private void* _mutex;

                    public StoreObject()
                    {
                        _mutex = NativeMemory.Alloc(64);
                        pthread_mutex_init(_mutex, null);
                    }

                    public void Dispose()
                    {
                        NativeMemory.Free(_mutex);
                        pthread_mutex_destroy(_mutex);
                        GC.SuppressFinalize(this);
                    }

                    ~StoreObject()
                    {
                        NativeMemory.Free(_mutex);
                        pthread_mutex_destroy(_mutex);
                    }

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(void* mutex, void* attributes);

                    [DllImport("libc")]
                    private static extern int pthread_mutex_destroy(void* mutex);
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK003");

            Assert.Equal(LateRelease.DeleteAfterFree, fix.Late);
            Assert.Null(fix.LateResetAt);
            var first = Source.IndexOf("pthread_mutex_destroy(_mutex);", StringComparison.Ordinal);
            var second = Source.IndexOf("pthread_mutex_destroy(_mutex);", first + 1, StringComparison.Ordinal);
            Assert.Equal(new[] { first, second }, fix.LateReleases.Select(l => l.Spot.Start).OrderBy(s => s));
        }

        [Fact]
        public async Task DisposeAfterSettingItToNull_CarriesTheReset()
        {
            const string Source = """
                using System;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose()
                    {
                        _gate = null!;
                        _gate?.Dispose();
                    }
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK002");

            Assert.Equal(LateRelease.DisposeAfterReset, fix.Late);
            Assert.Equal("_gate = null!", At(Source, fix.LateResetAt));
            Assert.Single(fix.LateReleases);
        }

        [Fact]
        public async Task CreationUnderAPlatformCheck_CarriesIt()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Runtime.InteropServices;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private readonly Mutex? _mutex;

                    public StoreContext()
                    {
                        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                        {
                        }
                        else
                        {
                            _mutex = new Mutex();
                        }
                    }

                    public void Dispose()
                    {
                    }
                }
                """, "LCK002");

            Assert.Equal("M:System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform)~System.Boolean", fix.PlatformCheck);
            Assert.Equal("Windows", fix.PlatformArgument);
            Assert.False(fix.PlatformElse);
            Assert.Equal("_mutex", fix.StorageMember);
            Assert.Null(fix.StoragePath);
        }

        [Fact]
        public async Task TwoLocksInOneBlock_TheConditionVariableCarriesTheFreeOfTheBlockItPointsInto()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;

                sealed class StoreObject : IDisposable
                {
                    private IntPtr _mutex;
                    private IntPtr _cond;

                    public StoreObject()
                    {
                        _mutex = Marshal.AllocHGlobal(128);
                        pthread_mutex_init(_mutex, IntPtr.Zero);
                        _cond = _mutex + 64;
                        pthread_cond_init(_cond, IntPtr.Zero);
                    }

                    public void Dispose()
                    {
                        if (_mutex != IntPtr.Zero)
                        {
                            pthread_mutex_destroy(_mutex);
                            Marshal.FreeHGlobal(_mutex);
                            _mutex = IntPtr.Zero;
                            _cond = IntPtr.Zero;
                        }
                    }

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);

                    [DllImport("libc")]
                    private static extern int pthread_mutex_destroy(IntPtr mutex);

                    [DllImport("libc")]
                    private static extern int pthread_cond_init(IntPtr cond, IntPtr attributes);
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK003");

            Assert.Equal("_cond", fix.Member);
            Assert.Equal(new[] { "StorageCheck Marshal.FreeHGlobal(_mutex)" }, At(Source, fix.ExistingFrees));
            Assert.Equal(new[] { "StorageCheck _cond = IntPtr.Zero" }, At(Source, fix.ExistingResets));
            Assert.Empty(fix.ExistingDeletes);
        }

        [Fact]
        public async Task FreesOnEveryPath_EachIsCarriedOnceWithTheLocalItFreesThrough()
        {
            const string Source = """
                using System;
                using System.Runtime.InteropServices;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class StoreObject : IDisposable, IAsyncDisposable
                {
                    private IntPtr _cs;

                    public StoreObject()
                    {
                        _cs = Marshal.AllocHGlobal(64);
                        InitializeCriticalSection(_cs);
                    }

                    public void Dispose()
                    {
                        Cleanup();
                        var memory = Interlocked.Exchange(ref _cs, IntPtr.Zero);
                        if (memory != IntPtr.Zero)
                        {
                            Marshal.FreeHGlobal(memory);
                        }
                    }

                    public ValueTask DisposeAsync()
                    {
                        Cleanup();
                        return default;
                    }

                    ~StoreObject()
                    {
                        Cleanup();
                    }

                    private void Cleanup()
                    {
                        if (_cs != IntPtr.Zero)
                        {
                            Marshal.FreeHGlobal(_cs);
                            _cs = IntPtr.Zero;
                        }
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(IntPtr cs);
                }
                """;
            var (_, fix) = await OnlyAsync(Source, "LCK003");

            Assert.Equal(new[] { "StorageCheck Marshal.FreeHGlobal(_cs)", "StorageCheck memory: Marshal.FreeHGlobal(memory)" }, At(Source, fix.ExistingFrees));
            Assert.Equal(new[] { "StorageCheck _cs = IntPtr.Zero", "Interlocked.Exchange(ref _cs, IntPtr.Zero)" }, At(Source, fix.ExistingResets));
        }

        [Theory]
        [InlineData("if (_disposed) return; _disposed = true; DeleteCriticalSection(_cs);", "Once DeleteCriticalSection(_cs)")]
        [InlineData("if (!_disposed) { _disposed = true; DeleteCriticalSection(_cs); }", "Once DeleteCriticalSection(_cs)")]
        [InlineData("if (_cs != IntPtr.Zero) { DeleteCriticalSection(_cs); }", "StorageCheck DeleteCriticalSection(_cs)")]
        [InlineData("var cs = _cs; if (cs != IntPtr.Zero) { DeleteCriticalSection(cs); }", "StorageCheck cs: DeleteCriticalSection(cs)")]
        [InlineData("DeleteCriticalSection(_cs);", "DeleteCriticalSection(_cs)")]
        public async Task ExistingDelete_CarriesWhatKeepsASecondRunFromIt(string dispose, string expected)
        {
            var source = $$"""
                using System;
                using System.Runtime.InteropServices;

                sealed class StoreObject : IDisposable
                {
                    private IntPtr _cs;
                    private bool _disposed;

                    public StoreObject()
                    {
                        _cs = Marshal.AllocHGlobal(64);
                        InitializeCriticalSection(_cs);
                    }

                    public void Dispose()
                    {
                        {{dispose}}
                    }

                    [DllImport("kernel32")]
                    private static extern void InitializeCriticalSection(IntPtr cs);

                    [DllImport("kernel32")]
                    private static extern void DeleteCriticalSection(IntPtr cs);
                }
                """;
            var (_, fix) = await OnlyAsync(source, "LCK003");

            Assert.Equal(new[] { expected }, At(source, fix.ExistingDeletes));
        }

        [Fact]
        public async Task CleanupMethod_IsCarriedAsTheTeardownToReuse()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Threading;

                sealed class Store : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Shutdown()
                    {
                        _gate.Dispose();
                    }

                    public void Dispose()
                    {
                    }
                }
                """, "LCK002");

            Assert.Equal("M:Store.Shutdown", fix.Teardown);
        }

        [Theory]
        [InlineData("Stopped += Run;")]
        [InlineData("Stopped += () => Run();")]
        [InlineData("_ = new Timer(_ => Run());")]
        public async Task MethodTheTypeHandsOver_IsNoTeardown(string start)
        {
            var (_, fix) = await OnlyAsync($$"""
                using System;
                using System.Threading;

                sealed class Store : IDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public Store()
                    {
                        {{start}}
                    }

                    public event Action? Stopped;

                    private void Run()
                    {
                        _gate.Dispose();
                    }

                    public void Dispose()
                    {
                    }
                }
                """, "LCK002");

            Assert.Null(fix.Teardown);
        }

        [Theory]
        [InlineData("while (_gate.WaitOne(0)) { }")]
        [InlineData("Thread.Sleep(10);")]
        [InlineData("Drain();")]
        [InlineData("_gate = new Semaphore(1, 1);")]
        public async Task MethodThatLoopsWaitsOrRecreates_IsNoTeardown(string statement)
        {
            var (_, fix) = await OnlyAsync($$"""
                using System;
                using System.Threading;

                sealed class Store : IDisposable
                {
                    private Semaphore _gate = new Semaphore(1, 1);

                    public void Close()
                    {
                        {{statement}}
                        _gate.Dispose();
                    }

                    private void Drain() => _gate.WaitOne();

                    public void Dispose()
                    {
                    }
                }
                """, "LCK002");

            Assert.Null(fix.Teardown);
        }
    

        [Fact]
        public async Task IndependentPaths_CarryBothPathsForTheFixer()
        {
            var (_, fix) = await OnlyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                sealed class Connection : IDisposable, IAsyncDisposable
                {
                    private readonly Semaphore _gate = new Semaphore(1, 1);

                    public void Dispose()
                    {
                    }

                    public ValueTask DisposeAsync() => default;
                }
                """, "LCK002");

            Assert.Equal("M:Connection.Dispose", fix.SyncPath);
            Assert.Equal("M:Connection.DisposeAsync~System.Threading.Tasks.ValueTask", fix.AsyncPath);
            Assert.Equal(NewDispose.None, fix.NewDispose);
        }

        [Theory]
        [InlineData("sealed class", 3)]
        [InlineData("class", 2)]
        [InlineData("ref struct", 1)]
        public async Task NothingDisposesTheType_CarriesTheNewDisposeShape(string kind, int expected)
        {
            var (_, fix) = await OnlyAsync($$"""
                using System.Runtime.InteropServices;

                {{kind}} Gate
                {
                    private System.IntPtr _mutex;

                    public Gate(int size)
                    {
                        _mutex = Marshal.AllocHGlobal(size);
                        pthread_mutex_init(_mutex, System.IntPtr.Zero);
                    }

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(System.IntPtr mutex, System.IntPtr attributes);
                }
                """, "LCK003");

            Assert.Equal(DisposeShapeKind.New, fix.Placement);
            Assert.Equal((NewDispose)expected, fix.NewDispose);
        }

        [Fact]
        public async Task OneFieldTwoPlatforms_EachCarriesTheOther()
        {
            var tree = CSharpSyntaxTree.ParseText("""
                using System;
                using System.Runtime.InteropServices;

                sealed class CrossLock : IDisposable
                {
                    private IntPtr _lock;

                    public CrossLock()
                    {
                        if (OperatingSystem.IsWindows())
                        {
                            _lock = CreateMutexW(IntPtr.Zero, false, null);
                        }
                        else
                        {
                            _lock = Marshal.AllocHGlobal(64);
                            pthread_mutex_init(_lock, IntPtr.Zero);
                        }
                    }

                    public void Dispose()
                    {
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode)]
                    private static extern IntPtr CreateMutexW(IntPtr attributes, bool initialOwner, string? name);

                    [DllImport("libc")]
                    private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attributes);
                }
                """, RobustnessHarness.ParseOptions, path: "/0/Test0.cs");
            var compilation = CSharpCompilation.Create("Contract", new[] { tree }, await RobustnessHarness.ReferencesAsync(), RobustnessHarness.CompilationOptions);
            var failures = new ConcurrentQueue<string>();
            var diagnostics = (await compilation.WithAnalyzers(RobustnessHarness.Analyzers, RobustnessHarness.AnalysisOptions(failures)).GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Id == "LCK003").OrderBy(d => d.Location.SourceSpan.Start).ToList();

            Assert.Empty(failures);
            Assert.Equal(2, diagnostics.Count);
            for (var i = 0; i < 2; i++)
            {
                var (at, properties) = Assert.Single(LockFix.From(diagnostics[i])!.PlatformSiblings);
                Assert.Equal(diagnostics[1 - i].Location.SourceSpan.Start, at.Start);
                var sibling = LockFix.From(properties)!;
                Assert.Equal(i == 0, sibling.PlatformElse);
                Assert.Equal(i == 0 ? "pthread_mutex_destroy" : "CloseHandle", sibling.NativeRelease);
            }
        }
    }
}
