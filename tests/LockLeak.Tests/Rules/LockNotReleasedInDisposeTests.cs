using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK002: the type has a Dispose, DisposeAsync or finalizer but no path of it releases the primitive.</summary>
    public partial class LockNotReleasedInDisposeTests
    {
        [Fact]
        public Task Dispose_DoesNotRelease_ReportsWithDisposeAsAdditionalLocation() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Semaphore _gate;

                public StoreContext()
                {
                    _gate = {|#0:new Semaphore(1, 1)|};
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'StoreContext' creates Semaphore '_gate' in its constructor but never releases it in Dispose()"));

        [Fact]
        public Task Dispose_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
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
        public Task ExplicitDispose_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = {|#0:new Mutex()|};

                void IDisposable.{|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "Mutex", "_mutex", "in its field initializer", " in IDisposable.Dispose()"));

        [Fact]
        public Task ExplicitDispose_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                void IDisposable.Dispose() => _mutex.Dispose();
            }
            """);

        [Fact]
        public Task DisposeBool_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly ReaderWriterLockSlim _lock = {|#0:new ReaderWriterLockSlim()|};

                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected virtual void {|#1:Dispose|}(bool disposing)
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "ReaderWriterLockSlim", "_lock", "in its field initializer", " in Dispose(bool)"));

        [Fact]
        public Task DisposeBool_ReleasesUnderDisposing_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
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
                        _lock.Dispose();
                    }

                    _disposed = true;
                }
            }
            """);

        [Fact]
        public Task OverrideOfBaseDisposeBool_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.IO;
            using System.Threading;

            class StoreStream : MemoryStream
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                protected override void {|#1:Dispose|}(bool disposing)
                {
                    base.Dispose(disposing);
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreStream", "Semaphore", "_gate", "in its field initializer", " in Dispose(bool)"));

        [Fact]
        public Task OverrideOfBaseDisposeBool_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.IO;
            using System.Threading;

            class StoreStream : MemoryStream
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
        public Task InheritedDisposeOnly_Reports() => Verify.DiagnosticsAsync("""
            using System.IO;
            using System.Threading;

            class StoreStream : MemoryStream
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0)
                .WithArguments("StoreStream", "Semaphore", "_gate", "in its field initializer", ""));

        [Fact]
        public Task InheritedNonVirtualDispose_MessageSaysWhyNoFix() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            class Resource : IDisposable
            {
                public void Dispose()
                {
                }
            }

            sealed class StoreResource : Resource
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0)
                .WithMessage("'StoreResource' creates Semaphore '_gate' in its field initializer but never releases it ('Resource.Dispose()' cannot be overridden: release it in a protected virtual method that it calls)"));

        [Fact]
        public Task DisposeAsync_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public ValueTask DisposeAsync() => default;
            }
            """);

        [Fact]
        public Task DisposeAsync_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public ValueTask DisposeAsync()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncCore_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class StoreContext : IAsyncDisposable
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask {|#1:DisposeAsyncCore|}() => default;
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "Semaphore", "_gate", "in its field initializer", " in DisposeAsyncCore()"));

        [Fact]
        public Task DisposeAsyncCore_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class StoreContext : IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public async ValueTask DisposeAsync()
                {
                    await DisposeAsyncCore();
                    GC.SuppressFinalize(this);
                }

                protected virtual ValueTask DisposeAsyncCore()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        [Fact]
        public Task Finalizer_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly EventWaitHandle _ready = {|#0:new EventWaitHandle(false, EventResetMode.ManualReset)|};

                ~{|#1:StoreContext|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "EventWaitHandle", "_ready", "in its field initializer", " in the finalizer"));

        [Fact]
        public Task Finalizer_ClosesWaitHandle_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly EventWaitHandle _ready = new EventWaitHandle(false, EventResetMode.ManualReset);

                ~StoreContext()
                {
                    _ready.Close();
                }
            }
            """);

        [Fact]
        public Task HelperMethodCalledFromDispose_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => ReleaseResources();

                private void ReleaseResources() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task HelperNotCalledFromDispose_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                }

                public void Reset() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task LocalFunctionInDispose_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    Release();

                    void Release() => _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task LambdaInDispose_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    Action release = () => _gate.Dispose();
                    release();
                }
            }
            """);

        [Fact]
        public Task ConditionalAccessDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _gate;

                public StoreContext(bool locked)
                {
                    if (locked)
                    {
                        _gate = new SemaphoreSlim(1);
                    }
                }

                public void Dispose() => _gate?.Dispose();
            }
            """);

        [Fact]
        public Task CastToIDisposable_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Semaphore _slots = new Semaphore(2, 2);

                public void Dispose() => ((IDisposable)_slots).Dispose();
            }
            """);

        [Fact]
        public Task UsingStatementOnField_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();

                public void Dispose()
                {
                    using (_ready)
                    {
                    }
                }
            }
            """);

        [Fact]
        public Task InterlockedExchangeDispose_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Dispose();
            }
            """);

        [Fact]
        public Task SameCompilationMethodReleasingParameter_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            static class Release
            {
                public static void Safely(IDisposable resource)
                {
                    try
                    {
                        resource?.Dispose();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            }

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => Release.Safely(_gate);
            }
            """);

        // SPEC counts a parameter release only for a method of the compilation whose body releases the parameter: a
        // helper of another library is seen by name only and may do anything with what it is passed.
        [Fact]
        public Task DisposeHelperOfAnotherLibrary_Reports()
        {
            var test = new LockLeakTest
            {
                TestCode = """
                    using System;
                    using System.Threading;
                    using Helpers;

                    sealed class StoreContext : IDisposable
                    {
                        private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
                        private Mutex _mutex = {|#1:new Mutex()|};

                        public void {|#2:Dispose|}()
                        {
                            _gate.DisposeQuietly();
                            Disposal.SafeDispose(ref _mutex);
                        }
                    }
                    """,
            };
            test.TestState.AdditionalProjects["Helpers"].Sources.Add("""
                namespace Helpers
                {
                    public static class Disposal
                    {
                        public static void DisposeQuietly(this System.IDisposable value) { }

                        public static void SafeDispose<T>(ref T value) where T : class, System.IDisposable { }
                    }
                }
                """);
            test.TestState.AdditionalProjectReferences.Add("Helpers");
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(2)
                .WithArguments("StoreContext", "Semaphore", "_gate", "in its field initializer", " in Dispose()"));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(1).WithLocation(2)
                .WithArguments("StoreContext", "Mutex", "_mutex", "in its field initializer", " in Dispose()"));
            return test.RunAsync();
        }

        [Fact]
        public Task SameCompilationMethodNotReleasingParameter_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            static class Log
            {
                public static void Write(object value) => Console.WriteLine(value);
            }

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose() => Log.Write(_gate);
            }
            """);

        [Fact]
        public Task UnlockingIsNotReleasing_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                private readonly Mutex _mutex = {|LCK002:new Mutex()|};
                private readonly ManualResetEvent _ready = {|LCK002:new ManualResetEvent(false)|};
                private readonly ReaderWriterLockSlim _lock = {|LCK002:new ReaderWriterLockSlim()|};

                public void Dispose()
                {
                    _gate.Release();
                    _mutex.ReleaseMutex();
                    _ready.Set();
                    _lock.ExitWriteLock();
                }
            }
            """);

        [Fact]
        public Task PartialTypeDisposeInAnotherFile_Releases_NoDiagnostic()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("StoreContext.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                }
                """));
            test.TestState.Sources.Add(("StoreContext.Dispose.cs", """
                using System;

                partial class StoreContext : IDisposable
                {
                    public void Dispose() => _gate.Dispose();
                }
                """));
            return test.RunAsync();
        }

        [Fact]
        public Task PartialTypeDisposeInAnotherFile_DoesNotRelease_Reports()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("StoreContext.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
                }
                """));
            test.TestState.Sources.Add(("StoreContext.Dispose.cs", """
                using System;

                partial class StoreContext : IDisposable
                {
                    public void {|#1:Dispose|}()
                    {
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "Semaphore", "_gate", "in its field initializer", " in Dispose()"));
            return test.RunAsync();
        }

        [Fact]
        public Task GenericType_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class Pool<T> : IDisposable
            {
                private readonly SemaphoreSlim _available = new SemaphoreSlim(4);

                public T Rent(T item)
                {
                    _available.Wait();
                    return item;
                }

                public void Dispose() => _available.Dispose();
            }
            """);

        [Fact]
        public Task Record_DoesNotRelease_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed record Store(string Name) : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task Struct_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            struct Slot : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public Slot(int width) => _gate = new SemaphoreSlim(width);

                public void Dispose() => _gate?.Dispose();
            }
            """);

        [Fact]
        public Task WrapperNotDisposed_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose() => _gate.Dispose();
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock;

                public MsgStore() => _lock = {|#0:new StoreLock()|};

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'MsgStore' creates StoreLock (which holds Semaphore '_gate') '_lock' in its constructor but never releases it in Dispose()"));

        [Fact]
        public Task WrapperClosed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Close() => _gate.Dispose();

                public void Dispose() => Close();
            }

            sealed class MsgStore : IDisposable
            {
                private readonly StoreLock _lock = new StoreLock();

                public void Dispose() => _lock.Close();
            }
            """);

        [Fact]
        public Task ConfiguredReleaseMethod_Releases_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Shutdown() => _gate.Dispose();
            }
            """,
            "lockleak.release_methods = Close, Shutdown\n");

        [Fact]
        public Task UnconfiguredReleaseMethod_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Shutdown() => _gate.Dispose();
            }
            """);

        [Fact]
        public Task ConfiguredReleaseMethod_DoesNotRelease_ReportsLck002() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};

                public void {|#1:Shutdown|}()
                {
                }
            }
            """,
            "lockleak.release_methods = Shutdown\n",
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithArguments("StoreContext", "Semaphore", "_gate", "in its field initializer", " in Shutdown()"));
    }
}
