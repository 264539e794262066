using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LeakyStore.Tests
{
    /// <summary>The demonstration, run as a user runs it: leaky and fixed providers side by side.</summary>
    public sealed class DemoTests
    {
        private const int Opens = 1500;

        [Fact]
        public async Task Json_SmallRun_LeakyLeaksANativeLockPerOpenAndFixedNothing()
        {
            var result = await SampleProcess.RunAsync("--opens", Opens.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");

            Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}, stderr: {result.StandardError}");
            using var json = JsonDocument.Parse(result.StandardOutput);
            var leaky = json.RootElement.GetProperty("leaky");
            var fixedRun = json.RootElement.GetProperty("fixed");

            // The lock's size is the platform's (pthread_mutex_t or CRITICAL_SECTION), as the sample reports it.
            var nativeLockSize = leaky.GetProperty("nativeLockSize").GetInt32();
            Assert.InRange(nativeLockSize, 24, 64);
            Assert.Equal(nativeLockSize, fixedRun.GetProperty("nativeLockSize").GetInt32());

            foreach (var run in new[] { leaky, fixedRun })
            {
                Assert.Equal(Opens, run.GetProperty("opens").GetInt64());
                Assert.Equal(Opens, run.GetProperty("closes").GetInt64());
                Assert.Equal((long)Opens * nativeLockSize, run.GetProperty("bytesAllocated").GetInt64());
                Assert.True(run.TryGetProperty("rssGrowthBytes", out var rss) && rss.ValueKind == JsonValueKind.Number);
            }

            Assert.True(
                leaky.GetProperty("bytesPerOpen").GetDouble() >= nativeLockSize,
                $"leaky bytesPerOpen {leaky.GetProperty("bytesPerOpen").GetDouble()} < native lock size {nativeLockSize}");
            Assert.Equal((long)Opens * nativeLockSize, leaky.GetProperty("bytesStillAllocated").GetInt64());
            Assert.Equal(0, fixedRun.GetProperty("bytesPerOpen").GetDouble());
            Assert.Equal(0, fixedRun.GetProperty("bytesStillAllocated").GetInt64());
        }

        [Fact]
        public async Task Table_SmallRun_ShowsBothProvidersSideBySide()
        {
            var result = await SampleProcess.RunAsync("--opens", "200");

            Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}, stderr: {result.StandardError}");
            Assert.Matches(@"(?m)^stores opened\s+200\s+200\s*$", result.StandardOutput);
            Assert.Matches(@"(?m)^stores closed\s+200\s+200\s*$", result.StandardOutput);
            Assert.Matches(@"(?m)^bytes leaked per open\s+(24|40|48|64)\s+0\s*$", result.StandardOutput);
            Assert.Matches(@"(?m)^native bytes still allocated\s+[\d,]+\s+0\s*$", result.StandardOutput);
            Assert.Contains("resident memory growth", result.StandardOutput);
        }

        [Theory]
        [InlineData("--opens -5", "--opens expects a whole number >= 1", "'-5'")]
        [InlineData("--opens abc", "--opens expects a whole number >= 1", "'abc'")]
        [InlineData("--opens 0", "--opens expects a whole number >= 1", "'0'")]
        [InlineData("--opens", "--opens needs a count", "--opens 100000")]
        [InlineData("--leak-faster", "unknown option", "'--leak-faster'")]
        [InlineData("--json extra", "unknown option", "'extra'")]
        public async Task BadArguments_ExitCode2WithErrorAndUsage(string arguments, string message, string detail)
        {
            var result = await SampleProcess.RunAsync(arguments.Split(' '));

            Assert.Equal(2, result.ExitCode);
            Assert.Equal(string.Empty, result.StandardOutput);
            Assert.Contains(message, result.StandardError);
            Assert.Contains(detail, result.StandardError);
            Assert.Contains("usage: LeakyStore [--opens <count>] [--json]", result.StandardError);
        }

        [Fact]
        public async Task Help_PrintsUsageAndExitsZero()
        {
            var result = await SampleProcess.RunAsync("--help");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("usage: LeakyStore [--opens <count>] [--json]", result.StandardOutput);
        }
    }
}
