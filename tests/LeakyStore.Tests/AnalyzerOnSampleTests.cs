using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LeakyStore.Tests
{
    /// <summary>What LockLeak says about the sample's sources: the leaks of the leaky provider, nothing about the fixed one.</summary>
    public sealed class AnalyzerOnSampleTests
    {
        // The sample does not change during a run: analyse it once for every test of this class.
        private static readonly Lazy<Task<(ImmutableArray<Diagnostic> Errors, ImmutableArray<Diagnostic> LockLeak)>> Analysis = new(async () =>
        {
            using var sample = SampleWorkspace.Open();
            return await SampleWorkspace.AnalyzeAsync(sample.Project);
        });

        [Fact]
        public async Task Sample_LeakyProvider_LCK003OnEachInitializingCallLCK002OnCacheLCK006OnThrottle_NothingOnFixed()
        {
            var (errors, diagnostics) = await Analysis.Value;

            Assert.Empty(errors);
            var found = diagnostics.Select(d => $"{d.Id} {d.Severity} {SampleWorkspace.RelativePath(d.Location)} {d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)}");
            Assert.Equal(
                new[]
                {
                    // A suggestion: the throttle's SemaphoreSlim holds no OS handle. `dotnet build` does not print it.
                    "LCK006 Info OpenThrottle.cs new SemaphoreSlim(4)",
                    "LCK003 Warning PosixStoreContext.cs pthread_mutex_init(_mutex, null)",
                    "LCK002 Warning StoreCache.cs new ReaderWriterLockSlim()",
                    "LCK003 Warning WindowsStoreContext.cs InitializeCriticalSection(_criticalSection)",
                },
                found);
        }

        [Fact]
        public async Task Throttle_LCK006_SaysWhyItIsOnlyASuggestion()
        {
            var (_, diagnostics) = await Analysis.Value;

            var diagnostic = Assert.Single(diagnostics, d => d.Id == "LCK006");
            Assert.Equal(
                "'OpenThrottle' creates SemaphoreSlim '_gate' in its field initializer but never disposes it; it holds no OS handle, so dispose it only after the last waiter is done with it",
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Theory]
        [InlineData("PosixStoreContext.cs", "PosixStoreContext", "_mutex", "pthread_mutex_init", "pthread_mutex_destroy")]
        [InlineData("WindowsStoreContext.cs", "WindowsStoreContext", "_criticalSection", "InitializeCriticalSection", "DeleteCriticalSection")]
        public async Task LeakyContext_LCK003_NamesTheMissingReleaseAndFreeAndPointsAtDisposeBool(string file, string type, string member, string initializer, string release)
        {
            var (_, diagnostics) = await Analysis.Value;

            var diagnostic = Assert.Single(diagnostics, d => d.Id == "LCK003" && SampleWorkspace.RelativePath(d.Location) == file);
            Assert.Equal(
                $"'{type}' initializes {(release == "DeleteCriticalSection" ? "critical section" : "pthread mutex")} '{member}' with {initializer} but never calls {release} or frees its memory with NativeMemory.Free",
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(release, diagnostic.Properties["NativeRelease"]);
            Assert.Equal("NativeMemory.Free", diagnostic.Properties["MemoryFree"]);
            Assert.Equal("Value", diagnostic.Properties["Passing"]);

            // The fix's target: the identifier of Dispose(bool disposing).
            var target = Assert.Single(diagnostic.AdditionalLocations);
            var line = target.SourceTree!.GetText().Lines.GetLineFromPosition(target.SourceSpan.Start).ToString().Trim();
            Assert.Equal("Dispose", target.SourceTree.GetText().ToString(target.SourceSpan));
            Assert.Equal("protected virtual void Dispose(bool disposing)", line);
        }
    }
}
