using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
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
        public void ConcurrentReadersAndWriters_OnlyEverSeeTheVerdictOfTheirOwnKey()
        {
            var cache = new AnswerCache<string, bool>(64, StringComparer.Ordinal);
            var keys = Enumerable.Range(0, 1000).Select(i => "type" + i).ToArray();
            var wrong = 0;
            Parallel.For(0, 200_000, i =>
            {
                var key = keys[(i * 7919) % keys.Length];
                var expected = key.Length % 2 == 0;
                if (cache.TryGet(key, out var verdict))
                {
                    if (verdict != expected)
                    {
                        System.Threading.Interlocked.Increment(ref wrong);
                    }
                }
                else
                {
                    cache.Set(key, expected);
                }
            });

            Assert.Equal(0, wrong);
            Assert.Contains(keys, k => cache.TryGet(k, out _));
        }

        private sealed class SameHash : IEqualityComparer<string>
        {
            public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

            public int GetHashCode(string obj) => 0;
        }
    }
}
