using System.Collections.Generic;
using System.Threading;

namespace LockLeak
{
    /// <summary>
    /// A fixed-size, lock-free, direct-mapped cache of yes/no answers, for questions asked about every type of a
    /// compilation by several rules at nearly the same time (the gate) or about the same few types over and over (field
    /// types). A slot holds the last answer whose key hashed to it; a miss only means the answer is computed again, so
    /// the cache can never change a result. Unlike a concurrent dictionary it never grows, never takes a lock (a thread
    /// waiting on a lock whose holder triggered a garbage collection was the largest cost of the gate on 10k types), and
    /// allocates one small entry per answer.
    /// </summary>
    internal sealed class VerdictCache<TKey>
        where TKey : class
    {
        private readonly Entry?[] slots;
        private readonly IEqualityComparer<TKey> comparer;

        public VerdictCache(int sizePowerOfTwo, IEqualityComparer<TKey> comparer)
        {
            slots = new Entry?[sizePowerOfTwo];
            this.comparer = comparer;
        }

        public bool TryGet(TKey key, out bool verdict)
        {
            var entry = Volatile.Read(ref slots[Slot(key)]);
            if (entry is not null && comparer.Equals(entry.Key, key))
            {
                verdict = entry.Verdict;
                return true;
            }

            verdict = false;
            return false;
        }

        public void Set(TKey key, bool verdict) => Volatile.Write(ref slots[Slot(key)], new Entry(key, verdict));

        private int Slot(TKey key) => comparer.GetHashCode(key) & (slots.Length - 1);

        private sealed class Entry
        {
            public Entry(TKey key, bool verdict)
            {
                Key = key;
                Verdict = verdict;
            }

            public TKey Key { get; }

            public bool Verdict { get; }
        }
    }
}
