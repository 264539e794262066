using System.Threading;
using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// Generated code is neither analysed nor reported in, by every rule: a file with an auto-generated header or
    /// marked generated in .editorconfig, a type or member with [GeneratedCode], and a #line hidden region. A
    /// generated part of a partial type does not hide a defect the user's part holds. (In a file with a hidden region,
    /// code before the first #line directive counts as hidden: the tests open with #line default so that the type is
    /// visible and only the region is hidden.)
    /// </summary>
    public class GeneratedCodeTests
    {
        [Fact]
        public Task GeneratedCodeAttributeOnType_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.CodeDom.Compiler;
            using System.Threading;

            [GeneratedCode("StoreGen", "1.0")]
            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public StoreContext()
                {
                    var spare = new SemaphoreSlim(1);
                }
            }
            """);

        [Fact]
        public Task GeneratedCodeAttributeOnConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.CodeDom.Compiler;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly Mutex _mutex;

                [GeneratedCode("StoreGen", "1.0")]
                public StoreContext()
                {
                    _mutex = new Mutex();
                    var spare = new SemaphoreSlim(1);
                }

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task LineHiddenRegion_NoDiagnostic() => Verify.DiagnosticsAsync("""
            #line default
            using System.Threading;

            class StoreContext
            {
            #line hidden
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
            #line default

                public StoreContext()
                {
            #line hidden
                    var spare = new SemaphoreSlim(1);
            #line default
                }
            }
            """);

        [Fact]
        public Task ConditionalReleaseInLineHiddenRegion_NoDiagnostic() => Verify.DiagnosticsAsync("""
            #line default
            using System;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private int _openCount;

                public void Dispose()
                {
            #line hidden
                    if (_openCount == 0)
                    {
                        _gate.Dispose();
                    }
            #line default
                }
            }
            """);

        [Fact]
        public Task NativeInitializeInLineHiddenRegion_NoDiagnostic() => Verify.DiagnosticsAsync("""
            #line default
            using System;
            using System.Runtime.InteropServices;

            class StoreObject
            {
                private IntPtr _cs;

                public StoreObject()
                {
                    _cs = Marshal.AllocHGlobal(64);
            #line hidden
                    InitializeCriticalSection(_cs);
            #line default
                }

                [DllImport("kernel32")]
                private static extern void InitializeCriticalSection(IntPtr cs);
            }
            """);

        [Fact]
        public Task VisibleCodeOfFileWithHiddenRegion_Reports() => Verify.DiagnosticsAsync("""
            #line default
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};

                public int Generation()
                {
            #line hidden
                    return 1;
            #line default
                }
            }
            """);

        [Fact]
        public Task FileMarkedGeneratedInEditorConfig_NoDiagnostic() => Verify.DiagnosticsAsync(
            """
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public StoreContext()
                {
                    var spare = new SemaphoreSlim(1);
                }
            }
            """,
            "generated_code = true\n");

        [Fact]
        public Task CreationInGeneratedPartOfPartialType_NoDiagnostic()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("Store.cs", """
                using System;

                sealed partial class StoreContext : IDisposable
                {
                    public void Dispose()
                    {
                    }
                }
                """));
            test.TestState.Sources.Add(("Store.g.cs", """
                // <auto-generated/>
                using System.Threading;

                partial class StoreContext
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task DisposeInGeneratedPartOfPartialType_CreationInUserPartReports()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("Store.cs", """
                using System.Threading;

                partial class StoreContext
                {
                    private readonly Semaphore _gate = {|#0:new Semaphore(1, 1)|};
                }
                """));
            test.TestState.Sources.Add(("Store.g.cs", """
                // <auto-generated/>
                using System;

                sealed partial class StoreContext : IDisposable
                {
                    public void {|#1:Dispose|}()
                    {
                    }
                }
                """));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticIds.LockNotReleasedInDispose, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithLocation(0).WithLocation(1)
                .WithMessage("'StoreContext' creates Semaphore '_gate' in its field initializer but never releases it in Dispose()"));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
