using System.Collections.Immutable;
using System.Linq;

namespace LockLeak.Contract
{
    /// <summary>
    /// A free, delete or reset a disposal path already makes (<see cref="Spot"/>, the call or assignment), and the local it
    /// reaches the lock through there (<see cref="Via"/>: a copy, or the value `Interlocked.Exchange` took out), null when
    /// it reads the storage itself: the fix writes its release on the same name, beside it.
    /// </summary>
    internal readonly struct TeardownSpot
    {
        public TeardownSpot(CodeSpot spot, string? via)
        {
            Spot = spot;
            Via = via;
        }

        public CodeSpot Spot { get; }

        public string? Via { get; }

        /// <summary>"via\tstart,length,path", or the spot alone: an identifier holds neither a tab nor a comma, and the spot starts with a digit.</summary>
        public override string ToString() => Via is null ? Spot.ToString() : Via + "\t" + Spot;

        public static TeardownSpot? Parse(string text)
        {
            var tab = text.IndexOf('\t');
            var comma = text.IndexOf(',');
            var via = tab >= 0 && (comma < 0 || tab < comma) ? text.Substring(0, tab) : null;
            return CodeSpot.Parse(via is null ? text : text.Substring(tab + 1)) is { } spot ? new TeardownSpot(spot, via) : null;
        }

        public static string? Join(ImmutableArray<TeardownSpot> spots) =>
            spots.IsDefaultOrEmpty ? null : string.Join("\n", spots.Select(s => s.ToString()));

        public static ImmutableArray<TeardownSpot> Split(string? text) =>
            text is null ? ImmutableArray<TeardownSpot>.Empty
                : text.Split('\n').Select(Parse).Where(s => s is not null).Select(s => s!.Value).ToImmutableArray();
    }
}
