using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// Code in the middle of being typed: the analyzers must neither throw (an AD0001 would fail these tests as an
    /// unexpected diagnostic) nor report nonsense; compiler errors are expected and not listed.
    /// </summary>
    public class HalfTypedCodeTests
    {
        private static Task AnalyzeAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new LockLeakTest { TestCode = source, CompilerDiagnostics = CompilerDiagnostics.None };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        [Fact]
        public Task DisposeWithoutBody_StillReportsTheLeak() => AnalyzeAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public void Dispose()
            }
            """);

        [Fact]
        public Task UnbalancedBraces_NoCrash() => AnalyzeAsync("""
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    _gate = {|LCK006:new SemaphoreSlim(1)|};
                    if (true)
                    {

                public void Dispose()
                {
                    _gate.
            """);

        [Fact]
        public Task MissingIdentifiers_NoCrash() => AnalyzeAsync("""
            using System;
            using System.Threading;

            class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim = new SemaphoreSlim(1);
                private readonly  _lock = new ReaderWriterLockSlim();
                private readonly Mutex _mutex = {|LCK002:new (|};

                public StoreContext() => _ = new ();

                public void Dispose() => .Dispose();

                protected virtual void Dispose(bool ) { if () }
            }
            """);

        [Fact]
        public Task UnknownTypesAndMembers_NoCrash() => AnalyzeAsync("""
            using System;
            using System.Threading;

            class StoreContext : IMissing
            {
                private readonly Missing _gate = new Missing();
                private readonly SemaphoreSlim _other = {|LCK006:new SemaphoreSlim(1)|};

                public StoreContext() => _gate.Nothing(ref _other);

                ~StoreContext() => NotThere(_gate);
            }
            """);

        [Fact]
        public Task HalfTypedNativeDeclaration_NoCrash() => AnalyzeAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                [DllImport("kernel32", EntryPoint = )]
                private static extern void InitializeCriticalSection(IntPtr;

                private IntPtr _cs = Marshal.AllocHGlobal(;

                public StoreContext() { {|LCK003:InitializeCriticalSection(_cs
            |}}
            """);
    }
}
