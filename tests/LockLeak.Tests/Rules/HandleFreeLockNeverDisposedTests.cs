using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// LCK006: a SemaphoreSlim, ManualResetEventSlim, CountdownEvent or Barrier (or a wrapper of only such) that holds no
    /// OS handle is a suggestion where LCK001/LCK002 would report it, and a warning again once its wait handle is read
    /// or a non-private member hands it out.
    /// </summary>
    public class HandleFreeLockNeverDisposedTests
    {
        private const string WaitHandleOption = "lockleak.slim_needs_wait_handle = true\n";

        public static IEnumerable<object[]> Primitives() => new[]
        {
            new object[] { "SemaphoreSlim", "new SemaphoreSlim(1)", "AvailableWaitHandle" },
            new object[] { "ManualResetEventSlim", "new ManualResetEventSlim()", "WaitHandle" },
            new object[] { "CountdownEvent", "new CountdownEvent(2)", "WaitHandle" },
            new object[] { "Barrier", "new Barrier(2)", null! },
        };

        [Theory]
        [MemberData(nameof(Primitives))]
        public Task NoDispose_WaitHandleNeverRead_LCK006NamesTypeMemberAndPrimitive(string primitive, string creation, string? _) => Verify.DiagnosticsAsync($$"""
            using System.Threading;

            class StoreContext
            {
                private readonly {{primitive}} _gate;

                public StoreContext()
                {
                    _gate = {|#0:{{creation}}|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.HandleFreeLockNeverDisposed).WithLocation(0)
                .WithArguments("StoreContext", primitive, "_gate", "in its constructor", string.Empty)
                .WithSeverity(DiagnosticSeverity.Info));

        [Theory]
        [MemberData(nameof(Primitives))]
        public Task DisposeForgetsIt_WaitHandleNeverRead_LCK006PointsAtDispose(string primitive, string creation, string? _) => Verify.DiagnosticsAsync($$"""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly {{primitive}} _gate = {|#0:{{creation}}|};

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.HandleFreeLockNeverDisposed).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", primitive, "_gate", "in its field initializer", " in Dispose()"));

        [Theory]
        [MemberData(nameof(Primitives))]
        public Task WaitHandleRead_StaysLCK001(string primitive, string creation, string? waitHandle)
        {
            if (waitHandle is null)
            {
                // Barrier has no wait handle to read: it can only become a warning by being exposed.
                return Task.CompletedTask;
            }

            return Verify.DiagnosticsAsync($$"""
                using System.Threading;

                class StoreContext
                {
                    private readonly {{primitive}} _gate = {|LCK001:{{creation}}|};

                    public bool TryEnter(int timeout) => _gate.{{waitHandle}}.WaitOne(timeout);
                }
                """);
        }

        [Theory]
        [MemberData(nameof(Primitives))]
        public Task WaitHandleRead_StaysLCK002(string primitive, string creation, string? waitHandle)
        {
            if (waitHandle is null)
            {
                return Task.CompletedTask;
            }

            return Verify.DiagnosticsAsync($$"""
                using System;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private readonly {{primitive}} _gate = {|LCK002:{{creation}}|};
                    private WaitHandle _handle;

                    public void Register() => _handle = this._gate.{{waitHandle}};

                    public void Dispose() => _handle = null;
                }
                """);
        }

        [Theory]
        [MemberData(nameof(Primitives))]
        public Task ExposedThroughPublicProperty_StaysLCK001(string primitive, string creation, string? _) => Verify.DiagnosticsAsync($$"""
            using System.Threading;

            public class StoreContext
            {
                private readonly {{primitive}} _gate = {|LCK001:{{creation}}|};

                public {{primitive}} Gate => _gate;
            }
            """);

        [Fact]
        public Task PublicAutoProperty_IsExposedItself_StaysLCK001() => Verify.DiagnosticsAsync("""
            using System.Threading;

            public class StoreContext
            {
                public SemaphoreSlim Gate { get; } = {|LCK001:new SemaphoreSlim(1)|};

                internal ManualResetEventSlim Ready = {|LCK001:new ManualResetEventSlim()|};
            }
            """);

        [Fact]
        public Task ExposedThroughInternalMethod_StaysLCK002_PrivateGetterOnly_LCK006() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _exposed = {|LCK002:new SemaphoreSlim(1)|};
                private readonly SemaphoreSlim _kept = {|LCK006:new SemaphoreSlim(1)|};

                internal SemaphoreSlim Exposed() => _exposed;

                private SemaphoreSlim Kept
                {
                    get { return _kept; }
                }

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task WaitHandleReadOfOneMember_OtherMemberStaysLCK006() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK001:new SemaphoreSlim(1)|};
                private readonly SemaphoreSlim _quiet = {|LCK006:new SemaphoreSlim(1)|};

                public WaitHandle Handle => _gate.AvailableWaitHandle;

                public void Enter() => _quiet.Wait();
            }
            """);

        [Fact]
        public Task PrimitivesWithAnOSHandle_StayWarnings() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly ReaderWriterLockSlim _lock = {|LCK001:new ReaderWriterLockSlim()|};
                private readonly Mutex _mutex = {|LCK001:new Mutex()|};
                private readonly Semaphore _semaphore = {|LCK001:new Semaphore(1, 1)|};
                private readonly ManualResetEvent _event = {|LCK001:new ManualResetEvent(false)|};
            }
            """);

        [Fact]
        public Task CollectionOfSlimPrimitives_LCK006() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes = [{|LCK006:new SemaphoreSlim(1)|}, new SemaphoreSlim(1)];

                public void Enter(int key) => _stripes[key % _stripes.Length].Wait();
            }
            """);

        [Fact]
        public Task CollectionOfSlimPrimitives_ElementWaitHandleRead_StaysLCK001() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes = [{|LCK001:new SemaphoreSlim(1)|}, new SemaphoreSlim(1)];

                public bool TryEnter(int key, int timeout) => _stripes[key % _stripes.Length].AvailableWaitHandle.WaitOne(timeout);
            }
            """);

        // ------------------------------------------------------------ wrappers

        [Fact]
        public Task WrapperOfOnlySlimPrimitives_LCK006NamesWhatItHolds() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                public void Dispose()
                {
                    _gate.Dispose();
                    _ready.Dispose();
                }
            }

            class MsgStore
            {
                private readonly StoreLock _lock = {|#0:new StoreLock()|};
            }
            """,
            new DiagnosticResult(Descriptors.HandleFreeLockNeverDisposed).WithLocation(0)
                .WithArguments("MsgStore", "StoreLock (which holds SemaphoreSlim '_gate')", "_lock", "in its field initializer", string.Empty));

        [Fact]
        public Task WrapperOfSlimAndMutex_StaysLCK001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly Mutex _mutex = new Mutex();

                public void Dispose()
                {
                    _gate.Dispose();
                    _mutex.Dispose();
                }
            }

            class MsgStore
            {
                private readonly StoreLock _lock = {|LCK001:new StoreLock()|};
            }
            """);

        [Fact]
        public Task WrapperOfSlimAndMutex_InDisposableOwner_StaysLCK002() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                    _mutex.Dispose();
                }
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock = {|LCK002:new StoreLock()|};

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task WrapperReadingItsWaitHandle_StaysLCK001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public bool TryEnter(int timeout) => _gate.AvailableWaitHandle.WaitOne(timeout);

                public void Dispose() => _gate.Dispose();
            }

            class MsgStore
            {
                private readonly StoreLock _lock = {|LCK001:new StoreLock()|};
            }
            """);

        [Fact]
        public Task WrapperExposingItsPrimitive_StaysLCK001() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public SemaphoreSlim Gate => _gate;

                public void Dispose() => _gate.Dispose();
            }

            class MsgStore
            {
                private readonly StoreLock _lock = {|LCK001:new StoreLock()|};
            }
            """);

        // ------------------------------------------------------------ lockleak.slim_needs_wait_handle

        [Theory]
        [InlineData(null)]
        [InlineData("lockleak.slim_needs_wait_handle = false\n")]
        public Task OptionUnsetOrFalse_LCK006(string? editorConfig) => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly CountdownEvent _pending = {|LCK006:new CountdownEvent(2)|};
            }
            """,
            editorConfig);

        [Fact]
        public Task OptionTrue_NoLCK006_ReadOrExposedStillReported() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            public class StoreContext
            {
                private readonly SemaphoreSlim _quiet = new SemaphoreSlim(1);
                private readonly Barrier _phase = new Barrier(2);
                private readonly StoreLock _lock = new StoreLock();
                private readonly SemaphoreSlim _read = {|LCK001:new SemaphoreSlim(1)|};
                private readonly ManualResetEventSlim _exposed = {|LCK001:new ManualResetEventSlim()|};

                public WaitHandle Handle => _read.AvailableWaitHandle;

                public ManualResetEventSlim Exposed => _exposed;
            }
            """,
            WaitHandleOption);

        // ------------------------------------------------------------ the fix

        [Fact]
        public Task Fix_NoDispose_AddsDispose() => Verify.FixAsync("""
            using System.Threading;

            sealed class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task Fix_DisposeForgetsIt_DisposesInDispose() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly ManualResetEventSlim _ready = {|#0:new ManualResetEventSlim()|};

                public void {|#1:Dispose|}()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                public void Dispose()
                {
                    _ready.Dispose();
                }
            }
            """,
            new DiagnosticResult(Descriptors.HandleFreeLockNeverDisposed).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "ManualResetEventSlim", "_ready", "in its field initializer", " in Dispose()"));

        [Fact]
        public Task Fix_Wrapper_DisposesWrapper() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock = {|LCK006:new StoreLock()|};

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock = new StoreLock();

                public void Dispose()
                {
                    _lock.Dispose();
                }
            }
            """);

        [Fact]
        public async Task Fix_TitleSaysAfterTheLastWaiter_KeyIsStable()
        {
            var titles = await FixTitlesAsync("""
                using System;
                using System.Threading;

                sealed class StoreContext : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    public void Dispose()
                    {
                    }
                }

                sealed class Other
                {
                    private readonly SemaphoreSlim _other = new SemaphoreSlim(1);
                }
                """);

            Assert.Equal(
                new (string, string?)[]
                {
                    ("Dispose '_gate' in Dispose() (after the last waiter)", "LCK006.DisposeAfterLastWaiter"),
                    ("Implement IDisposable and dispose '_other' (after the last waiter)", "LCK006.DisposeAfterLastWaiter"),
                },
                titles);
            Assert.Equal("LCK006.DisposeAfterLastWaiter", ReleaseLockInDisposeCodeFix.DisposeAfterLastWaiterKey);
            Assert.Contains("LCK006", new ReleaseLockInDisposeCodeFix().FixableDiagnosticIds);
        }

        /// <summary>The title and equivalence key of every action the fix registers, one diagnostic at a time, in source order.</summary>
        private static async Task<(string Title, string? Key)[]> FixTitlesAsync(string source)
        {
            using var workspace = new AdhocWorkspace();
            var references = await ReferenceAssemblies.Net.Net80.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
            var project = workspace.AddProject("Store", LanguageNames.CSharp)
                .WithMetadataReferences(references)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));
            var document = project.AddDocument("Store.cs", source);
            var compilation = await document.Project.GetCompilationAsync();
            var diagnostics = await compilation!.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new OwnedLockNotReleasedAnalyzer())).GetAnalyzerDiagnosticsAsync();

            var actions = new List<(string, string?)>();
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "LCK006").OrderBy(d => d.Location.SourceSpan.Start))
            {
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add((action.Title, action.EquivalenceKey)), CancellationToken.None);
                await new ReleaseLockInDisposeCodeFix().RegisterCodeFixesAsync(context);
            }

            return actions.ToArray();
        }
    }
}
