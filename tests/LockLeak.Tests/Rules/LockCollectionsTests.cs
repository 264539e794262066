using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>Arrays and collections of primitives the type fills itself are owned; Dispose releases them by looping over the field.</summary>
    public class LockCollectionsTests
    {
        [Fact]
        public Task ArrayInitializer_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly SemaphoreSlim[] _stripes = { {|LCK006:new SemaphoreSlim(1)|}, new SemaphoreSlim(1) };

                public void Dispose()
                {
                }
            }
            """);

        [Fact]
        public Task CollectionExpression_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes = [{|LCK006:new SemaphoreSlim(1)|}, new SemaphoreSlim(1)];
            }
            """);

        [Fact]
        public Task LoopInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes;

                public StripedLock(int count)
                {
                    _stripes = new SemaphoreSlim[count];
                    for (var i = 0; i < count; i++)
                    {
                        _stripes[i] = {|LCK006:new SemaphoreSlim(1)|};
                    }
                }
            }
            """);

        [Fact]
        public Task ListFilledInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Threading;

            class StripedLock
            {
                private readonly List<SemaphoreSlim> _stripes = new List<SemaphoreSlim>();

                public StripedLock(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _stripes.Add({|LCK006:new SemaphoreSlim(1)|});
                    }
                }
            }
            """);

        [Fact]
        public Task LinqProjection_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Linq;
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 8).Select(_ => {|LCK006:new SemaphoreSlim(1)|}).ToArray();
            }
            """);

        [Fact]
        public Task ForeachRelease_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly List<SemaphoreSlim> _stripes = new List<SemaphoreSlim>();

                public StripedLock(int count)
                {
                    for (var i = 0; i < count; i++)
                    {
                        _stripes.Add(new SemaphoreSlim(1));
                    }
                }

                public void Dispose()
                {
                    foreach (var stripe in _stripes)
                    {
                        stripe.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task IndexedForRelease_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly SemaphoreSlim[] _stripes = [new SemaphoreSlim(1), new SemaphoreSlim(1)];

                public void Dispose()
                {
                    for (var i = 0; i < _stripes.Length; i++)
                    {
                        _stripes[i].Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task ArrayHandedInFromOutside_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes;

                public StripedLock(SemaphoreSlim[] stripes) => _stripes = stripes;
            }
            """);

        // ------------------------------------------------------------ primitives created by the lambda of a collection-building call

        [Fact]
        public Task ToDictionaryInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            class TenantLocks
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _locks;

                public TenantLocks(IEnumerable<string> tenants)
                {
                    _locks = tenants.ToDictionary(k => k, _ => {|LCK001:new ReaderWriterLockSlim()|});
                }
            }
            """);

        [Fact]
        public Task ToDictionaryInConstructor_ValuesReleased_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class TenantLocks : IDisposable
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _locks;

                public TenantLocks(IEnumerable<string> tenants)
                {
                    _locks = tenants.ToDictionary(k => k, _ => new ReaderWriterLockSlim());
                }

                public void Dispose()
                {
                    foreach (var gate in _locks.Values)
                    {
                        gate.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task ToDictionaryInConstructor_PairValuesReleased_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class TenantLocks : IDisposable
            {
                private readonly Dictionary<string, ReaderWriterLockSlim> _locks;

                public TenantLocks(IEnumerable<string> tenants)
                {
                    _locks = tenants.ToDictionary(k => k, _ => new ReaderWriterLockSlim());
                }

                public void Dispose()
                {
                    foreach (var pair in _locks)
                    {
                        pair.Value.Dispose();
                    }
                }
            }
            """);

        [Fact]
        public Task DictionaryFilledLazilyOutsideConstruction_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Collections.Concurrent;
            using System.Threading;

            class KeyedLocks
            {
                private readonly ConcurrentDictionary<string, ReaderWriterLockSlim> _locks = new ConcurrentDictionary<string, ReaderWriterLockSlim>();

                public ReaderWriterLockSlim For(string key) => _locks.GetOrAdd(key, _ => new ReaderWriterLockSlim());
            }
            """);

        [Fact]
        public Task SelectToListInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly List<Semaphore> _stripes;

                public StripedLock(int count)
                {
                    _stripes = Enumerable.Range(0, count).Select(_ => {|#0:new Semaphore(1, 1)|}).ToList();
                }

                public void {|#1:Dispose|}()
                {
                }
            }
            """,
            new DiagnosticResult(Descriptors.LockNotReleasedInDispose).WithLocation(0).WithLocation(1)
                .WithMessage("'StripedLock' creates Semaphore '_stripes' in its constructor but never releases it in Dispose()"));

        [Fact]
        public Task SelectToArrayOfFactoryInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Linq;
            using System.Threading;

            class StripedLock
            {
                private readonly Mutex[] _mutexes;

                public StripedLock(string[] names)
                {
                    _mutexes = names.Select(name => {|LCK001:Mutex.OpenExisting(name)|}).ToArray();
                }
            }
            """);

        [Fact]
        public Task SelectOfExistingPrimitives_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading;

            class Gate
            {
                public SemaphoreSlim Semaphore { get; } = null!;
            }

            class StripedLock
            {
                private readonly SemaphoreSlim[] _stripes;

                public StripedLock(IEnumerable<Gate> gates)
                {
                    _stripes = gates.Select(g => g.Semaphore).ToArray();
                }
            }
            """);

        [Fact]
        public Task CollectionExpressionInConstructor_NotReleased_Reports() => Verify.DiagnosticsAsync("""
            using System.Collections.Generic;
            using System.Threading;

            class StripedLock
            {
                private readonly List<Mutex> _stripes;

                public StripedLock()
                {
                    _stripes = [{|LCK001:new Mutex()|}, new Mutex()];
                }
            }
            """);

        [Fact]
        public Task ArrayInitializerInConstructor_ReleasedByArrayForEach_NoDiagnostic() => Verify.DiagnosticsAsync("""
            using System;
            using System.Threading;

            sealed class StripedLock : IDisposable
            {
                private readonly ManualResetEvent[] _signals;

                public StripedLock()
                {
                    _signals = new[] { new ManualResetEvent(false), new ManualResetEvent(false) };
                }

                public void Dispose() => Array.ForEach(_signals, s => s.Dispose());
            }
            """);
    }
}
