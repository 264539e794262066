using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// LCK004's first look reads a constructor's text (Catalog/CreatorNames): every way of writing a creation it lets
    /// through, and the plain constructors it stops.
    /// </summary>
    public partial class LockDroppedInConstructorTests
    {
        [Fact]
        public Task QualifiedCreation_Reports() => Verify.DiagnosticsAsync("""
            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|LCK004:new global::System.Threading.SemaphoreSlim(1)|};
                    gate.Wait();
                    _ = {|LCK004:new System.Threading.Mutex()|};
                }
            }
            """);

        [Fact]
        public Task CommentBetweenNewAndType_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|LCK004:new /* the store's */ SemaphoreSlim(1)|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task UnicodeEscapeInTypeName_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:new Mut\u0065x()|};
                }
            }
            """);

        [Fact]
        public Task AliasOfPrimitive_Reports() => Verify.DiagnosticsAsync("""
            using Gate = System.Threading.SemaphoreSlim;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|LCK004:new Gate(1)|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task WrapperOfTheCompilationWithBaseList_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StoreLock : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public void Dispose() => _gate.Dispose();
            }

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:new StoreLock()|};
                }
            }
            """);

        [Fact]
        public Task GenericFactoryOfTheCompilation_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            static class Gates<T>
            {
                public static SemaphoreSlim Create() => new SemaphoreSlim(1);
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|LCK004:Gates<int>.Create()|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task FactoryCalledAcrossLines_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            static class Gates
            {
                public static SemaphoreSlim Create() => new SemaphoreSlim(1);
            }

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|LCK004:Gates
                        .Create ()|};
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task ProcessPrimitiveOpenedThroughDerivedClass_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:EventWaitHandle.OpenExisting("Global\\store")|};
                    _ = {|LCK004:Semaphore.OpenExisting("Global\\store")|};
                }
            }
            """);

        [Fact]
        public Task DependencyInjectionConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            class Customer
            {
                public int Id { get; set; }

                public void Add(int value) => Id += value;
            }

            class Repository<T>
            {
                public void Put(int id, T item) { }
            }

            class Consumer
            {
                private readonly Customer _customer;
                private readonly Repository<Customer> _store;
                private readonly List<SemaphoreSlim> _gates;

                public Consumer(Customer customer, IProgress<int>? progress, TimeSpan timeout)
                {
                    _customer = customer ?? throw new ArgumentNullException(nameof(customer));
                    customer.Add((int)timeout.TotalSeconds);
                    _store = new Repository<Customer>();
                    _store.Put(customer.Id, customer);
                    _gates = new List<SemaphoreSlim>();
                    progress?.Report(customer.Id);
                    for (var i = 0; i < 3; i++)
                    {
                        _customer.Add(i);
                    }
                }
            }
            """);

        [Fact]
        public Task PlainNameMeaningAPrimitiveThroughAlias_Reports() => Verify.DiagnosticsAsync("""
            using Timer = System.Threading.Mutex;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|LCK004:new Timer()|};
                }
            }
            """);

        [Fact]
        public Task NameofMethodInheritedFromBaseOfTheCompilation_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class Gates
            {
                protected static SemaphoreSlim nameof(int count) => new SemaphoreSlim(count);
            }

            class StoreContext : Gates
            {
                public StoreContext()
                {
                    var gate = {|#0:nameof(1)|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        // The rule is asked per type, with an action scoped to the type; a nested type is a member of its outer type.
        [Fact]
        public Task NestedTypesDroppingInTheirConstructors_ReportEachOnce() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class Store
            {
                public Store()
                {
                    _ = {|LCK004:new SemaphoreSlim(1)|};
                }

                class Session
                {
                    public Session()
                    {
                        _ = {|LCK004:new Mutex()|};
                    }
                }

                class Cursor
                {
                    public Cursor(int position)
                    {
                        Position = position;
                    }

                    public int Position { get; }
                }
            }

            class Catalog
            {
                public Catalog(string name)
                {
                    Name = name;
                }

                public string Name { get; }

                struct Entry
                {
                    public Entry(int id)
                    {
                        Id = id;
                        _ = {|LCK004:new ManualResetEvent(false)|};
                    }

                    public int Id { get; }
                }
            }
            """);

        [Fact]
        public Task ConstructorInSecondPartOfPartialType_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            partial class Store
            {
                public Store(string name)
                {
                    Name = name;
                }

                public string Name { get; }
            }

            partial class Store
            {
                public Store()
                    : this("default")
                {
                    var gate = {|LCK004:new SemaphoreSlim(1)|};
                    gate.Wait();
                }
            }
            """);
    }
}
