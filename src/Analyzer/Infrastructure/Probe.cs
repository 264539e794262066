namespace LockLeak
{
    public static class Probe
    {
        public static readonly long[] T = new long[16];
        public static readonly long[] N = new long[16];
        public static long Now() => System.Diagnostics.Stopwatch.GetTimestamp();
        public static void Add(int i, long start) { System.Threading.Interlocked.Add(ref T[i], System.Diagnostics.Stopwatch.GetTimestamp() - start); System.Threading.Interlocked.Increment(ref N[i]); }
        public static void Reset() { System.Array.Clear(T, 0, 16); System.Array.Clear(N, 0, 16); }
    }
}
