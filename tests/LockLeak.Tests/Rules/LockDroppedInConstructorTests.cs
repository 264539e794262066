using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>LCK004: a constructor creates a primitive into a local or discards it, and neither stores nor releases it.</summary>
    public class LockDroppedInConstructorTests
    {
        [Fact]
        public Task LocalNeverStored_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = {|#0:new SemaphoreSlim(1)|};
                    gate.Wait();
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates SemaphoreSlim 'gate' in a local and drops it without storing or releasing it"));

        [Fact]
        public Task Discarded_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    _ = {|#0:new Mutex(false, "Global\\store")|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockDroppedInConstructor).WithLocation(0)
                .WithMessage("Constructor of 'StoreContext' creates a Mutex as a discarded value and drops it without storing or releasing it"));

        [Fact]
        public Task ExpressionStatement_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    {|LCK004:new ManualResetEvent(false)|}.Set();
                }
            }
            """);

        [Fact]
        public Task UsingDeclaration_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    using var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }
            """);

        [Fact]
        public Task LocalDisposed_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public StoreContext()
                {
                    var gate = new SemaphoreSlim(1);
                    gate.Wait();
                    gate.Dispose();
                }
            }
            """);

        [Fact]
        public Task LocalStoredLater_NoLck004_ButOwnedField() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate;

                public StoreContext()
                {
                    var gate = {|LCK001:new SemaphoreSlim(1)|};
                    gate.Wait();
                    _gate = gate;
                }
            }
            """);

        [Fact]
        public Task LocalPassedToOwner_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StoreContext : IDisposable
            {
                private readonly List<IDisposable> _owned = new List<IDisposable>();

                public StoreContext()
                {
                    var gate = new SemaphoreSlim(1);
                    _owned.Add(gate);
                }

                public void Dispose() => _owned.ForEach(d => d.Dispose());
            }
            """);

        [Fact]
        public Task MethodNotConstructor_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                public void Touch()
                {
                    var gate = new SemaphoreSlim(1);
                    gate.Wait();
                }
            }
            """);
    }
}
