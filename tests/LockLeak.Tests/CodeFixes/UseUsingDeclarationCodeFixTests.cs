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
    }
}
