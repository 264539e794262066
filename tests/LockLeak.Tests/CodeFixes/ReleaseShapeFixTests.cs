using System.Threading;
using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>
    /// Owner shapes where the fixes used to disagree with each other or with the compiler: bases the LCK003 fix now
    /// extends as the LCK001/LCK002 fix does, the type's own teardown, both disposal paths, and the file's layout.
    /// </summary>
    public class ReleaseShapeFixTests
    {
        private const string ProtectedInternalBase = """

            class StoreBase : IDisposable
            {
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected internal virtual void Dispose(bool disposing)
                {
                }
            }
            """;

        [Fact]
        public Task Lck003_ProtectedInternalBase_OverrideKeepsProtectedInternal() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : StoreBase
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """ + ProtectedInternalBase, """
            using System;
            using System.Runtime.InteropServices;

            class StoreObject : StoreBase
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                protected internal override void Dispose(bool disposing)
                {
                    if (_event != IntPtr.Zero)
                    {
                        CloseHandle(_event);
                        _event = IntPtr.Zero;
                    }

                    base.Dispose(disposing);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """ + ProtectedInternalBase);

        [Fact]
        public Task Lck003_AbstractDisposeBool_OverrideDoesNotCallBase() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            abstract class StoreBase : IDisposable
            {
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected abstract void Dispose(bool disposing);
            }

            abstract class StoreObject : StoreBase
            {
                private IntPtr _event;

                protected StoreObject()
                {
                    _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            abstract class StoreBase : IDisposable
            {
                public void Dispose()
                {
                    Dispose(true);
                    GC.SuppressFinalize(this);
                }

                protected abstract void Dispose(bool disposing);
            }

            abstract class StoreObject : StoreBase
            {
                private IntPtr _event;

                protected StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                protected override void Dispose(bool disposing)
                {
                    if (_event != IntPtr.Zero)
                    {
                        CloseHandle(_event);
                        _event = IntPtr.Zero;
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task Lck003_BaseHookItsDisposeCalls_OverridesTheHook() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

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

            class StoreObject : Resource
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

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

            class StoreObject : Resource
            {
                private IntPtr _event;

                public StoreObject()
                {
                    _event = CreateEvent(IntPtr.Zero, true, false, null);
                }

                protected override void DisposeCore()
                {
                    if (_event != IntPtr.Zero)
                    {
                        CloseHandle(_event);
                        _event = IntPtr.Zero;
                    }

                    base.DisposeCore();
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task ImplicitUsings_NoUsingSystemAdded()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/Usings.g.cs", "global using System;\nglobal using System.Threading;\n"));
            test.TestState.Sources.Add(("/0/Store.cs", """
                sealed class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
                """));
            test.FixedState.Sources.Add(("/0/Usings.g.cs", "global using System;\nglobal using System.Threading;\n"));
            test.FixedState.Sources.Add(("/0/Store.cs", """
                sealed class StoreContext : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    public void Dispose()
                    {
                        _gate.Dispose();
                    }
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task Lck003_ImplicitUsings_NoUsingSystemAdded()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/0/Usings.g.cs", "global using System;\nglobal using System.Runtime.InteropServices;\n"));
            test.TestState.Sources.Add(("/0/Store.cs", """
                class StoreObject
                {
                    private IntPtr _event;

                    public StoreObject()
                    {
                        _event = {|LCK003:CreateEvent(IntPtr.Zero, true, false, null)|};
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(IntPtr handle);
                }
                """));
            test.FixedState.Sources.Add(("/0/Usings.g.cs", "global using System;\nglobal using System.Runtime.InteropServices;\n"));
            test.FixedState.Sources.Add(("/0/Store.cs", """
                class StoreObject : IDisposable
                {
                    private IntPtr _event;

                    public StoreObject()
                    {
                        _event = CreateEvent(IntPtr.Zero, true, false, null);
                    }

                    ~StoreObject() => Dispose(false);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    protected virtual void Dispose(bool disposing)
                    {
                        if (_event != IntPtr.Zero)
                        {
                            CloseHandle(_event);
                            _event = IntPtr.Zero;
                        }
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(IntPtr handle);
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task UsingsInsideNamespace_UsingSystemGoesThere() => Verify.FixAsync("""
            namespace Store
            {
                using System.Threading;

                sealed class StoreContext
                {
                    private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
                }
            }
            """, """
            namespace Store
            {
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
            }
            """);

        [Fact]
        public Task Lck003_UsingsInsideNamespace_UsingSystemGoesThere() => Verify.FixAsync("""
            namespace Store
            {
                using System.Runtime.InteropServices;

                sealed class StoreObject
                {
                    private nint _event;

                    public StoreObject()
                    {
                        _event = {|LCK003:CreateEvent(0, true, false, null)|};
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern nint CreateEvent(nint attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(nint handle);
                }
            }
            """, """
            namespace Store
            {
                using System;
                using System.Runtime.InteropServices;

                sealed class StoreObject : IDisposable
                {
                    private nint _event;

                    public StoreObject()
                    {
                        _event = CreateEvent(0, true, false, null);
                    }

                    ~StoreObject() => Dispose(false);

                    public void Dispose()
                    {
                        Dispose(true);
                        GC.SuppressFinalize(this);
                    }

                    private void Dispose(bool disposing)
                    {
                        if (_event != 0)
                        {
                            CloseHandle(_event);
                            _event = 0;
                        }
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode, EntryPoint = "CreateEventW")]
                    private static extern nint CreateEvent(nint attributes, bool manualReset, bool initialState, string? name);

                    [DllImport("kernel32")]
                    private static extern bool CloseHandle(nint handle);
                }
            }
            """);

        [Fact]
        public Task ConstraintClauseOnItsOwnLine_StaysThere() => Verify.FixAsync("""
            using System;
            using System.Threading;

            public sealed class SagaInstance<TSaga> : IEquatable<SagaInstance<TSaga>>
                where TSaga : class
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public bool Equals(SagaInstance<TSaga>? other) => ReferenceEquals(this, other);
            }
            """, """
            using System;
            using System.Threading;

            public sealed class SagaInstance<TSaga> : IEquatable<SagaInstance<TSaga>>, IDisposable
                where TSaga : class
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public bool Equals(SagaInstance<TSaga>? other) => ReferenceEquals(this, other);

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task BaseListOnItsOwnLine_StaysThere() => Verify.FixAsync("""
            using System;
            using System.Threading;

            public sealed class Store<T>
                where T : class
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """, """
            using System;
            using System.Threading;

            public sealed class Store<T> : IDisposable
                where T : class
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task CleanupMethodAlreadyDisposes_DisposeCallsIt() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Connection : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void FullCleanup()
                {
                    _gate.Dispose();
                }

                public void Dispose()
                {
                }
            }
            """, """
            using System;
            using System.Threading;

            sealed class Connection : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void FullCleanup()
                {
                    _gate.Dispose();
                }

                public void Dispose()
                {
                    FullCleanup();
                }
            }
            """);

        [Fact]
        public Task IndependentDisposeAndDisposeAsync_BothRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose()
                {
                }

                public ValueTask DisposeAsync()
                {
                    return default;
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose()
                {
                    _gate.Dispose();
                }

                public ValueTask DisposeAsync()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        [Fact]
        public Task DisposeAsyncEndsWithDisposeFalse_ReleaseUnderDisposing_CoreGetsTheRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

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
                    Dispose(false);
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

            class Channel : IDisposable, IAsyncDisposable
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
                    Dispose(false);
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
        public Task DisposeAsyncWithoutCoreEndsWithDisposeFalse_DisposeAsyncGetsTheRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Mutex _gate = {|LCK002:new Mutex()|};

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(false);
                    return default;
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Mutex _gate = new Mutex();

                public void Dispose() => Dispose(true);

                private void Dispose(bool disposing)
                {
                    if (disposing)
                    {
                        _gate.Dispose();
                    }
                }

                public ValueTask DisposeAsync()
                {
                    Dispose(false);
                    _gate.Dispose();
                    return default;
                }
            }
            """);

        [Fact]
        public Task WrapperThatImplementsIDisposableExplicitly_IsDisposedThroughTheInterface() => Verify.FixAsync("""
            using System;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                void IDisposable.Dispose() => _mutex.Dispose();
            }

            sealed class Store : IDisposable
            {
                private readonly Gate _gate = {|LCK002:new Gate()|};
                private Gate? _spare = {|LCK002:new Gate()|};

                public void Dispose()
                {
                }

                public void Drop() => _spare = null;
            }
            """, """
            using System;
            using System.Threading;

            sealed class Gate : IDisposable
            {
                private readonly Mutex _mutex = new Mutex();

                void IDisposable.Dispose() => _mutex.Dispose();
            }

            sealed class Store : IDisposable
            {
                private readonly Gate _gate = new Gate();
                private Gate? _spare = new Gate();

                public void Dispose()
                {
                    ((IDisposable)_gate).Dispose();
                    (_spare as IDisposable)?.Dispose();
                }

                public void Drop() => _spare = null;
            }
            """);

        [Fact]
        public Task DisposeRunningDisposeAsyncToCompletion_OnlyTheAsyncPathGetsTheRelease() => Verify.FixAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = {|LCK002:new Semaphore(1, 1)|};

                public void Dispose()
                {
                    DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                public ValueTask DisposeAsync()
                {
                    return default;
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;

            sealed class Channel : IDisposable, IAsyncDisposable
            {
                private readonly Semaphore _gate = new Semaphore(1, 1);

                public void Dispose()
                {
                    DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                public ValueTask DisposeAsync()
                {
                    _gate.Dispose();
                    return default;
                }
            }
            """);
    }
}
