using System.Collections.Generic;
using System.Threading;

namespace LockLeak.Infrastructure
{
    /// <summary>
    /// A fixed-size, lock-free, direct-mapped cache of answers that depend only on their key, for questions asked about
    /// every type of a compilation by several rules at nearly the same time (the gate) or about the same types over and
    /// over (field types, wrappers, P/Invokes). A slot holds the last answer whose key hashed to it; a miss only means the answer is computed again, so
    /// the cache can never change a result. Unlike a concurrent dictionary it never grows, never takes a lock (a thread
    /// waiting on a lock whose holder triggered a garbage collection was the largest cost of the gate on 10k types), and
    /// allocates one small entry per answer.
    /// </summary>
    internal sealed class AnswerCache<TKey, TValue>
        where TKey : class
    {
        private readonly Entry?[] slots;
        private readonly IEqualityComparer<TKey> comparer;

        public AnswerCache(int sizePowerOfTwo, IEqualityComparer<TKey> comparer)
        {
            slots = new Entry?[sizePowerOfTwo];
            this.comparer = comparer;
        }

        public bool TryGet(TKey key, out TValue answer)
        {
            var entry = Volatile.Read(ref slots[Slot(key)]);
            if (entry is not null && (ReferenceEquals(entry.Key, key) || comparer.Equals(entry.Key, key)))
            {
                answer = entry.Answer;
                return true;
            }

            answer = default!;
            return false;
        }

        public void Set(TKey key, TValue answer) => Volatile.Write(ref slots[Slot(key)], new Entry(key, answer));

        /// <summary>The cached answer, or <paramref name="compute"/>'s, cached. Pass a static lambda and its state in <paramref name="argument"/>: nothing is allocated when the answer is found.</summary>
        public TValue GetOrCompute<TArgument>(TKey key, TArgument argument, System.Func<TKey, TArgument, TValue> compute)
        {
            if (TryGet(key, out var answer))
            {
                return answer;
            }

            answer = compute(key, argument);
            Set(key, answer);
            return answer;
        }

        private int Slot(TKey key) => comparer.GetHashCode(key) & (slots.Length - 1);

        private sealed class Entry
        {
            public Entry(TKey key, TValue answer)
            {
                Key = key;
                Answer = answer;
            }

            public TKey Key { get; }

            public TValue Answer { get; }
        }
    }
}
