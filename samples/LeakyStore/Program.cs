using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LeakyStore
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            var commandLine = CommandLine.Parse(args, out var error);
            if (commandLine is null)
            {
                Console.Error.WriteLine("LeakyStore: " + error);
                Console.Error.WriteLine(CommandLine.Usage);
                return 2;
            }

            if (commandLine.Help)
            {
                Console.WriteLine(CommandLine.Usage);
                Console.WriteLine("Opens and closes <count> message stores with the leaky provider and with the fixed one, and shows what each leaves behind.");
                return 0;
            }

            NativeLibraries.Register();

            // A short round of both first, so that JIT compilation and first-use allocations are not measured.
            var warmUp = Math.Min(commandLine.Opens, 1000);
            LeakDemo.Run(StoreProvider.Leaky, warmUp, TextWriter.Null);
            LeakDemo.Run(StoreProvider.Fixed, warmUp, TextWriter.Null);

            var leaky = LeakDemo.Run(StoreProvider.Leaky, commandLine.Opens, Console.Error);
            var fixedRun = LeakDemo.Run(StoreProvider.Fixed, commandLine.Opens, Console.Error);

            if (commandLine.Json)
            {
                var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };
                Console.WriteLine(JsonSerializer.Serialize(new { leaky, @fixed = fixedRun }, options));
            }
            else
            {
                PrintTable(leaky, fixedRun);
            }

            return 0;
        }

        private static void PrintTable(ProviderRun leaky, ProviderRun fixedRun)
        {
            static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
            static string Mib(long bytes) => (bytes / 1048576.0).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " MiB";
            static string PerOpen(double bytes) => bytes.ToString("0.##", CultureInfo.InvariantCulture);

            Console.WriteLine(
                "LeakyStore on {0}: {1} = {2} bytes; each provider opened and closed {3} message stores.",
                RuntimeInformation.RuntimeIdentifier,
                leaky.NativeLockType,
                leaky.NativeLockSize,
                N(leaky.Opens));
            Console.WriteLine();
            Console.WriteLine("{0,-34}{1,16}{2,16}", string.Empty, "leaky", "fixed");
            Console.WriteLine("{0,-34}{1,16}{2,16}", "stores opened", N(leaky.Opens), N(fixedRun.Opens));
            Console.WriteLine("{0,-34}{1,16}{2,16}", "stores closed", N(leaky.Closes), N(fixedRun.Closes));
            Console.WriteLine("{0,-34}{1,16}{2,16}", "native bytes still allocated", N(leaky.BytesStillAllocated), N(fixedRun.BytesStillAllocated));
            Console.WriteLine("{0,-34}{1,16}{2,16}", "bytes leaked per open", PerOpen(leaky.BytesPerOpen), PerOpen(fixedRun.BytesPerOpen));
            Console.WriteLine("{0,-34}{1,16}{2,16}", "resident memory growth", Mib(leaky.RssGrowthBytes), Mib(fixedRun.RssGrowthBytes));
            Console.WriteLine("{0,-34}{1,16}{2,16}", "resident growth per open (bytes)", PerOpen((double)leaky.RssGrowthBytes / leaky.Opens), PerOpen((double)fixedRun.RssGrowthBytes / fixedRun.Opens));
            Console.WriteLine();
            Console.WriteLine(
                "The leaky store context never releases its {0} (LockLeak LCK003); the fixed one is what LockLeak's fix makes of it.",
                leaky.NativeLockType);
        }
    }
}
