using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace LeakyStore
{
    /// <summary>What one provider did in the demonstration.</summary>
    internal sealed record ProviderRun(
        string Provider,
        long Opens,
        long Closes,
        long BytesAllocated,
        long BytesStillAllocated,
        double BytesPerOpen,
        int NativeLockSize,
        string NativeLockType,
        long RssGrowthBytes);

    /// <summary>Opens and closes message stores in a loop with one provider and measures what stays behind.</summary>
    internal static class LeakDemo
    {
        public const string StoreName = "Mailbox - Inbox";

        public static ProviderRun Run(StoreProvider provider, int opens, TextWriter progressWriter)
        {
            var progress = new Progress(provider.Name, opens, progressWriter);
            SettleManagedHeap();
            var residentBefore = ResidentBytes();
            ProviderRun run;
            using (var session = new MapiSession(provider))
            {
                for (var i = 1; i <= opens; i++)
                {
                    var store = session.OpenMsgStore(StoreName);
                    store.SetProperty("PR_DISPLAY_NAME", StoreName);
                    store.Close();
                    progress.Report(i);
                }

                run = new ProviderRun(
                    provider.Name,
                    session.StoresOpened,
                    session.StoresClosed,
                    session.NativeBytesAllocated,
                    session.NativeBytesStillAllocated,
                    session.StoresOpened == 0 ? 0 : (double)session.NativeBytesStillAllocated / session.StoresOpened,
                    NativeLockLayout.Size,
                    NativeLockLayout.TypeName,
                    0);
            }

            progress.Done();
            SettleManagedHeap();
            return run with { RssGrowthBytes = ResidentBytes() - residentBefore };
        }

        /// <summary>Resident memory of this process: VmRSS on Linux, the working set elsewhere.</summary>
        public static long ResidentBytes()
        {
            if (OperatingSystem.IsLinux())
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    // "VmRSS:	   51234 kB"
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        var fields = line.Substring("VmRSS:".Length).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        return long.Parse(fields[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }

            return Environment.WorkingSet;
        }

        /// <summary>
        /// Collects the loop's garbage and gives the managed heap's free memory back to the OS, so that what the
        /// resident size still grows by is what the loop left behind outside the managed heap.
        /// </summary>
        private static void SettleManagedHeap()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        /// <summary>A progress line on stderr, at most once a second, once the run has taken a second.</summary>
        private sealed class Progress
        {
            private readonly string name;
            private readonly int total;
            private readonly TextWriter writer;
            private readonly Stopwatch clock = Stopwatch.StartNew();
            private readonly bool interactive = !Console.IsErrorRedirected;
            private long nextReportMs = 1000;
            private bool reported;

            public Progress(string name, int total, TextWriter writer)
            {
                this.name = name;
                this.total = total;
                this.writer = writer;
            }

            public void Report(int done)
            {
                // Reading the clock every open would cost more than the open itself.
                if ((done & 1023) != 0 || clock.ElapsedMilliseconds < nextReportMs)
                {
                    return;
                }

                nextReportMs = clock.ElapsedMilliseconds + 1000;
                reported = true;
                var line = string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} of {2:N0} stores opened and closed ({3:P0})", name, done, total, (double)done / total);
                if (interactive)
                {
                    writer.Write("\r" + line.PadRight(72));
                }
                else
                {
                    writer.WriteLine(line);
                }
            }

            public void Done()
            {
                if (reported && interactive)
                {
                    writer.WriteLine();
                }
            }
        }
    }
}
