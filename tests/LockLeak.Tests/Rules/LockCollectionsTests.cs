using System.Threading.Tasks;
using LockLeak.Tests.Infrastructure;
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
    }
}
