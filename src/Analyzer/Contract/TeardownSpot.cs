using System.Collections.Immutable;
using System.Linq;
using LockLeak.TypeAnalysis;

namespace LockLeak.Contract
{
    /// <summary>
    /// A free, delete or reset a disposal path already makes (<see cref="Spot"/>, the call or assignment), and the local it
    /// reaches the lock through there (<see cref="Via"/>: a copy, or the value `Interlocked.Exchange` took out), null when
    /// it reads the storage itself: the fix writes its release on the same name, beside it.
    /// </summary>
    internal readonly struct TeardownSpot
    {
        public TeardownSpot(CodeSpot spot, string? via, TeardownGuard guard = TeardownGuard.None)
        {
            Spot = spot;
            Via = via;
            Guard = guard;
        }

        public CodeSpot Spot { get; }

        public string? Via { get; }

        /// <summary>What keeps a second run of the path from it: the fix writes no second guard beside a guarded step.</summary>
        public TeardownGuard Guard { get; }

        /// <summary>"via\tguard\tstart,length,path" (via empty when there is none): an identifier and a guard hold no tab, and the spot is last since its path may hold anything.</summary>
        public override string ToString() => Via + "\t" + Guard + "\t" + Spot;

        public static TeardownSpot? Parse(string text)
        {
            var first = text.IndexOf('\t');
            var second = first < 0 ? -1 : text.IndexOf('\t', first + 1);
            if (second < 0 || !System.Enum.TryParse<TeardownGuard>(text.Substring(first + 1, second - first - 1), out var guard)
                || CodeSpot.Parse(text.Substring(second + 1)) is not { } spot)
            {
                return null;
            }

            return new TeardownSpot(spot, first == 0 ? null : text.Substring(0, first), guard);
        }

        public static string? Join(ImmutableArray<TeardownSpot> spots) =>
            spots.IsDefaultOrEmpty ? null : string.Join("\n", spots.Select(s => s.ToString()));

        public static ImmutableArray<TeardownSpot> Split(string? text) =>
            text is null ? ImmutableArray<TeardownSpot>.Empty
                : text.Split('\n').Select(Parse).Where(s => s is not null).Select(s => s!.Value).ToImmutableArray();
    }
}
