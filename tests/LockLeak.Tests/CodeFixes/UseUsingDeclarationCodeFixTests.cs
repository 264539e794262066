using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LockLeak.Tests.CodeFixes
{
    /// <summary>LCK004's fix: the dropped primitive becomes a using declaration.</summary>
    public class UseUsingDeclarationCodeFixTests
    {
        [Fact]
        public Task Local_BecomesUsingDeclaration() => Verify.FixAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    // Serialises the first open.
                    var gate = {|LCK004:new SemaphoreSlim(1)|};
                    gate.Wait();
                }
            }
            """, """
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    // Serialises the first open.
                    using var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task Discard_BecomesNamedUsingDeclaration() => Verify.FixAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    _ = {|LCK004:new Mutex(false, name)|};
                }
            }
            """, """
            using System.Threading;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    using var mutex = new Mutex(false, name);
                }
            }
            """);

        [Fact]
        public Task ExpressionStatement_NameTaken_PicksFreeName() => Verify.FixAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext(int mutex)
                {
                    {|LCK004:new Mutex()|};
                }
            }
            """, """
            using System.Threading;

            class StoreContext
            {
                public StoreContext(int mutex)
                {
                    using var mutex2 = new Mutex();
                }
            }
            """);

        [Fact]
        public Task FixAll_FixesEveryDroppedLocal() => Verify.FixAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var first = {|LCK004:new SemaphoreSlim(1)|};
                    var second = {|LCK004:new ManualResetEventSlim()|};
                    first.Wait();
                    second.Set();
                }
            }
            """, """
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    using var first = new SemaphoreSlim(1);
                    using var second = new ManualResetEventSlim();
                    first.Wait();
                    second.Set();
                }
            }
            """);

        [Fact]
        public async Task CSharp7_NoUsingDeclarations_NoFixOffered()
        {
            var source = """
                using System.Threading;

                class StoreContext
                {
                    public StoreContext()
                    {
                        var gate = {|LCK004:new SemaphoreSlim(1)|};
                        gate.Wait();
                    }
                }
                """;
            var test = new LockLeakTest { TestCode = source, FixedCode = source, LanguageVersion = LanguageVersion.CSharp7_3 };
            await test.RunAsync();
        }

        [Fact]
        public async Task CallOnCreation_NoFixOffered()
        {
            var source = """
                using System.Threading;

                class StoreContext
                {
                    public StoreContext()
                    {
                        {|LCK004:new ManualResetEvent(false)|}.Set();
                    }
                }
                """;
            var test = new LockLeakTest { TestCode = source, FixedCode = source };
            await test.RunAsync();
        }

        [Fact]
        public Task NativeHandleLocal_ClosedInFinally() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var handle = {|LCK004:OpenMutex(0x1F0001, false, name)|};
                    WaitForSingleObject(handle, 0);
                    Console.WriteLine(name);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var handle = OpenMutex(0x1F0001, false, name);
                    try
                    {
                        WaitForSingleObject(handle, 0);
                        Console.WriteLine(name);
                    }
                    finally
                    {
                        CloseHandle(handle);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public Task NativeHandleDiscard_DeclaredAndClosedThroughItsClass() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:NativeMethods.CreateEvent(IntPtr.Zero, true, false, "store")|};
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", EntryPoint = "CreateEventW", CharSet = CharSet.Unicode)]
                public static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32", EntryPoint = "CloseHandle")]
                public static extern bool Close(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext()
                {
                    var handle = NativeMethods.CreateEvent(IntPtr.Zero, true, false, "store");
                    try
                    {
                    }
                    finally
                    {
                        NativeMethods.Close(handle);
                    }
                }
            }

            static class NativeMethods
            {
                [DllImport("kernel32", EntryPoint = "CreateEventW", CharSet = CharSet.Unicode)]
                public static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32", EntryPoint = "CloseHandle")]
                public static extern bool Close(IntPtr handle);
            }
            """);

        // One Fix All pass closes both: each handle's finally wraps what follows it, the later handle's inside the earlier's.
        [Fact]
        public Task TwoNativeHandlesInOneBlock_ClosedInOneFixAllPass() => Verify.FixAsync("""
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var first = {|LCK004:OpenMutex(0x1F0001, false, name)|};
                    var second = {|LCK004:CreateEvent(IntPtr.Zero, true, false, name)|};
                    WaitForSingleObject(first, 0);
                    WaitForSingleObject(second, 0);
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32", EntryPoint = "CreateEventW", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """, """
            using System;
            using System.Runtime.InteropServices;

            class StoreContext
            {
                public StoreContext(string name)
                {
                    var first = OpenMutex(0x1F0001, false, name);
                    try
                    {
                        var second = CreateEvent(IntPtr.Zero, true, false, name);
                        try
                        {
                            WaitForSingleObject(first, 0);
                            WaitForSingleObject(second, 0);
                        }
                        finally
                        {
                            CloseHandle(second);
                        }
                    }
                    finally
                    {
                        CloseHandle(first);
                    }
                }

                [DllImport("kernel32", CharSet = CharSet.Unicode)]
                private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                [DllImport("kernel32", EntryPoint = "CreateEventW", CharSet = CharSet.Unicode)]
                private static extern IntPtr CreateEvent(IntPtr attributes, bool manualReset, bool initialState, string name);

                [DllImport("kernel32")]
                private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                [DllImport("kernel32")]
                private static extern bool CloseHandle(IntPtr handle);
            }
            """);

        [Fact]
        public async Task NativeHandleWithoutCloseHandleDeclaration_NoFixOffered()
        {
            var source = """
                using System;
                using System.Runtime.InteropServices;

                class StoreContext
                {
                    public StoreContext(string name)
                    {
                        var handle = {|LCK004:OpenMutex(0x1F0001, false, name)|};
                    }

                    [DllImport("kernel32", CharSet = CharSet.Unicode)]
                    private static extern IntPtr OpenMutex(uint access, bool inherit, string name);
                }
                """;
            var test = new LockLeakTest { TestCode = source, FixedCode = source };
            await test.RunAsync();
        }

        [Fact]
        public async Task CSharp7_NativeHandle_StillClosedInFinally()
        {
            var test = new LockLeakTest
            {
                LanguageVersion = LanguageVersion.CSharp7_3,
                TestCode = """
                    using System;
                    using System.Runtime.InteropServices;

                    class StoreContext
                    {
                        public StoreContext(string name)
                        {
                            var handle = {|LCK004:OpenMutex(0x1F0001, false, name)|};
                            WaitForSingleObject(handle, 0);
                        }

                        [DllImport("kernel32", CharSet = CharSet.Unicode)]
                        private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                        [DllImport("kernel32")]
                        private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                        [DllImport("kernel32")]
                        private static extern bool CloseHandle(IntPtr handle);
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Runtime.InteropServices;

                    class StoreContext
                    {
                        public StoreContext(string name)
                        {
                            var handle = OpenMutex(0x1F0001, false, name);
                            try
                            {
                                WaitForSingleObject(handle, 0);
                            }
                            finally
                            {
                                CloseHandle(handle);
                            }
                        }

                        [DllImport("kernel32", CharSet = CharSet.Unicode)]
                        private static extern IntPtr OpenMutex(uint access, bool inherit, string name);

                        [DllImport("kernel32")]
                        private static extern uint WaitForSingleObject(IntPtr handle, uint milliseconds);

                        [DllImport("kernel32")]
                        private static extern bool CloseHandle(IntPtr handle);
                    }
                    """,
            };
            await test.RunAsync();
        }
    }
}
