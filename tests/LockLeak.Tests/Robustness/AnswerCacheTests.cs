using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.Infrastructure;
using Xunit;

namespace LockLeak.Tests.Robustness
{
    /// <summary>The gate's cache may forget an answer, never give a wrong one, including under concurrent use.</summary>
    public class AnswerCacheTests
    {
        [Fact]
        public void KeysSharingASlot_EvictEachOther_NeverAnswerForTheOther()
        {
            var cache = new AnswerCache<string, bool>(4, new SameHash());
            cache.Set("first", true);
            cache.Set("second", false);

            Assert.False(cache.TryGet("first", out _));
            Assert.True(cache.TryGet("second", out var verdict));
            Assert.False(verdict);
        }

        [Fact]
        public void GetOrCompute_KeyKeepsItsSlot_ComputesOnceAndAnswersFromTheCache()
        {
            var cache = new AnswerCache<string, int>(64, StringComparer.Ordinal);
            var computed = 0;
            int Compute(string key, int offset)
            {
                computed++;
                return key.Length + offset;
            }

            var first = cache.GetOrCompute("StoreContext", 100, Compute);
            var second = cache.GetOrCompute("StoreContext", 100, Compute);

            Assert.Equal(112, first);
            Assert.Equal(112, second);
            Assert.Equal(1, computed);
        }

        [Fact]
        public void ConcurrentReadersAndWriters_OnlyEverSeeTheAnswerOfTheirOwnKey()
        {
            // Half again as many keys as slots, so that writers keep replacing each other's entries while readers read them,
            // yet a key comes back soon enough to find its entry still there; each key's answer is its own index, so an
            // answer read for the wrong key (a torn or mismatched entry) is always caught. (With a thousand keys every key
            // was evicted before it came round again and, on a loaded machine, no read ever hit.)
            var cache = new AnswerCache<string, int>(64, StringComparer.Ordinal);
            var keys = Enumerable.Range(0, 96).Select(i => "type" + i).ToArray();
            var wrong = 0;
            var hits = 0;
            Parallel.For(0, 200_000, i =>
            {
                var index = (i * 7919) % keys.Length;
                if (cache.TryGet(keys[index], out var answer))
                {
                    Interlocked.Increment(ref hits);
                    if (answer != index)
                    {
                        Interlocked.Increment(ref wrong);
                    }
                }
                else
                {
                    cache.Set(keys[index], index);
                }
            });

            Assert.Equal(0, wrong);

            // Answers were read back, not only written: the check above saw real entries.
            Assert.True(hits > 0, "no answer was ever read from the cache");
        }

        private sealed class SameHash : IEqualityComparer<string>
        {
            public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

            public int GetHashCode(string obj) => 0;
        }
    }
}
