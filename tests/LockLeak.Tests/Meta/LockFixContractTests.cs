using System.Collections.Immutable;
using System.Linq;
using LockLeak.Catalog;
using LockLeak.Contract;
using LockLeak.TypeAnalysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LockLeak.Tests.Meta
{
    /// <summary>The rule writes a lock's contract into Diagnostic.Properties and the fix reads it back: every decision must survive the trip.</summary>
    public class LockFixContractTests
    {
        [Fact]
        public void EveryDecision_RoundTripsThroughTheProperties()
        {
            var written = new LockFix(LockKind.NativeInPlace, "_state.Gate")
            {
                Owner = "T:Store",
                Placement = DisposeShapeKind.BaseOverride,
                Target = "M:Store.Dispose(System.Boolean)",
                Hook = "M:Base.ReleaseResources",
                HookAccessibility = Accessibility.ProtectedOrInternal,
                HookOfSealedDispose = true,
                Entries = DisposalEntries.Dispose | DisposalEntries.Finalizer,
                ReleasePaths = ImmutableArray.Create("M:Store.Dispose", "M:Store.DisposeAsync"),
                ExistingFrees = ImmutableArray.Create(new TeardownSpot(new CodeSpot("/src/a,b.cs", 11, 12), null), new TeardownSpot(new CodeSpot("C:\\src\\x.cs", 13, 14), "memory")),
                ExistingDeletes = ImmutableArray.Create(new TeardownSpot(new CodeSpot("x.cs", 15, 16), "copy")),
                ExistingResets = ImmutableArray.Create(new TeardownSpot(new CodeSpot("x.cs", 17, 18), null)),
                Late = LateRelease.DeleteAfterReset,
                LateAt = new CodeSpot("x.cs", 9, 10),
                LateResetAt = new CodeSpot("x.cs", 19, 20),
                LateReleases = ImmutableArray.Create(new TeardownSpot(new CodeSpot("x.cs", 9, 10), null), new TeardownSpot(new CodeSpot("y.cs", 21, 22), null)),
                PlatformCheck = "M:System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform)",
                PlatformArgument = "Windows",
                PlatformElse = true,
                StorageMember = "_state",
                StoragePath = "_state.Gate",
                Teardown = "M:Store.Release",
                SyncPath = "M:Store.Dispose(System.Boolean)",
                AsyncPath = "M:Store.DisposeAsyncCore",
                NewDispose = NewDispose.Plain | NewDispose.WouldHide,
                EarlyExit = true,
                EarlyReturns = ImmutableArray.Create(new CodeSpot("/src/a,b.cs", 40, 7), new CodeSpot("x.cs", 60, 15)),
            };
            var sibling = new LockFix(LockKind.NativeInPlace, "_state.Gate") { NativeRelease = "pthread_mutex_destroy", PlatformCheck = "M:System.OperatingSystem.IsWindows", PlatformElse = true };
            written.PlatformSiblings = ImmutableArray.Create((new CodeSpot("/src/b.cs", 40, 12), sibling.ToProperties()));

            var read = LockFix.From(written.ToProperties())!;

            Assert.Equal(DisposeShapeKind.BaseOverride, read.Placement);
            Assert.Equal("M:Store.Dispose(System.Boolean)", read.Target);
            Assert.Equal("M:Base.ReleaseResources", read.Hook);
            Assert.Equal(Accessibility.ProtectedOrInternal, read.HookAccessibility);
            Assert.True(read.HookOfSealedDispose);
            Assert.Equal(DisposalEntries.Dispose | DisposalEntries.Finalizer, read.Entries);
            Assert.Equal(new[] { "M:Store.Dispose", "M:Store.DisposeAsync" }, read.ReleasePaths);
            Assert.Equal(
                new (string?, string, int, int)[] { (null, "/src/a,b.cs", 11, 12), ("memory", "C:\\src\\x.cs", 13, 14) },
                read.ExistingFrees.Select(f => (f.Via, f.Spot.Path, f.Spot.Start, f.Spot.Length)));
            Assert.Equal(("copy", 15), (Assert.Single(read.ExistingDeletes).Via, read.ExistingDeletes[0].Spot.Start));
            Assert.Equal((null, 18), (Assert.Single(read.ExistingResets).Via, read.ExistingResets[0].Spot.Length));
            Assert.Equal(LateRelease.DeleteAfterReset, read.Late);
            Assert.Equal(9, read.LateAt!.Value.Start);
            Assert.Equal(19, read.LateResetAt!.Value.Start);
            Assert.Equal(new[] { ("x.cs", 9), ("y.cs", 21) }, read.LateReleases.Select(l => (l.Spot.Path, l.Spot.Start)));
            Assert.Equal(written.PlatformCheck, read.PlatformCheck);
            Assert.Equal("Windows", read.PlatformArgument);
            Assert.True(read.PlatformElse);
            Assert.Equal("_state", read.StorageMember);
            Assert.Equal("_state.Gate", read.StoragePath);
            Assert.Equal("M:Store.Release", read.Teardown);
            Assert.Equal("M:Store.Dispose(System.Boolean)", read.SyncPath);
            Assert.Equal("M:Store.DisposeAsyncCore", read.AsyncPath);
            Assert.Equal(NewDispose.Plain | NewDispose.WouldHide, read.NewDispose);
            Assert.True(read.EarlyExit);
            Assert.Equal(new[] { ("/src/a,b.cs", 40, 7), ("x.cs", 60, 15) }, read.EarlyReturns.Select(s => (s.Path, s.Start, s.Length)));
            var (at, properties) = Assert.Single(read.PlatformSiblings);
            Assert.Equal(("/src/b.cs", 40, 12), (at.Path, at.Start, at.Length));
            var readSibling = LockFix.From(properties)!;
            Assert.Equal("pthread_mutex_destroy", readSibling.NativeRelease);
            Assert.Equal("M:System.OperatingSystem.IsWindows", readSibling.PlatformCheck);
            Assert.True(readSibling.PlatformElse);
            Assert.Empty(readSibling.PlatformSiblings);
        }

        [Fact]
        public void DictionaryValues_RoundTripOnlyWhenDecided()
        {
            var values = LockFix.From(new LockFix(LockKind.Managed, "_locks") { IsCollection = true, CollectionValues = true }.ToProperties())!;
            var items = LockFix.From(new LockFix(LockKind.Managed, "_stripes") { IsCollection = true }.ToProperties())!;

            Assert.True(values.IsCollection);
            Assert.True(values.CollectionValues);
            Assert.True(items.IsCollection);
            Assert.False(items.CollectionValues);
        }

        [Fact]
        public void DecisionsNotMade_ReadBackAsAbsent()
        {
            var read = LockFix.From(new LockFix(LockKind.Managed, "_gate").ToProperties())!;

            Assert.Null(read.Placement);
            Assert.Null(read.Target);
            Assert.Null(read.Hook);
            Assert.Equal(DisposalEntries.None, read.Entries);
            Assert.Empty(read.ReleasePaths);
            Assert.Empty(read.ExistingFrees);
            Assert.Empty(read.ExistingDeletes);
            Assert.Empty(read.ExistingResets);
            Assert.Equal(LateRelease.None, read.Late);
            Assert.Null(read.PlatformCheck);
            Assert.Null(read.Teardown);
            Assert.Empty(read.PlatformSiblings);
            Assert.Null(read.SyncPath);
            Assert.Null(read.AsyncPath);
            Assert.Equal(NewDispose.None, read.NewDispose);
            Assert.Empty(read.EarlyReturns);
        }
    }
}
