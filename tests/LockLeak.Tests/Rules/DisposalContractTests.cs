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

            Assert.Equal("NativeMemory.Free(_mutex)", At(Source, fix.ExistingFree));
            Assert.Equal("_mutex = null", At(Source, fix.ExistingReset));
            Assert.Null(fix.ExistingDelete);
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
            Assert.Equal("memory", fix.ExchangeLocal);
            Assert.Equal("Marshal.FreeHGlobal(memory)", At(Source, fix.ExistingFree));
            Assert.True(fix.NeedsNativeRelease);
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
    }
}
