using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Xunit;

namespace LockLeak.PackageTests
{
    /// <summary>The SARIF log CI uploads to code scanning: rule id, location and help link of each leak.</summary>
    [Collection(PackageCollection.Name)]
    public sealed class SarifTests
    {
        private const string HelpLinkBase = "https://github.com/LockLeak/LockLeak/blob/main/docs/rules/";

        private readonly PackageFixture fixture;

        public SarifTests(PackageFixture fixture) => this.fixture = fixture;

        [Fact]
        public async Task ErrorLogVersion21_ResultsCarryRuleIdLocationAndHelpUri()
        {
            var consumer = fixture.CreateConsumer("sarif");
            var log = Path.Combine(consumer.Directory, "artifacts", "consumer.sarif");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);

            // The comma before version must be escaped on the command line, or MSBuild splits the property.
            var build = await PackageFixture.BuildAsync(consumer, $"-p:ErrorLog={log}%2Cversion=2.1");

            Assert.True(build.ExitCode == 0, build.ToString());
            using var document = JsonDocument.Parse(File.ReadAllText(log));
            Assert.Equal("2.1.0", document.RootElement.GetProperty("version").GetString());
            var run = document.RootElement.GetProperty("runs")[0];
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToArray();
            var results = run.GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("LCK", StringComparison.Ordinal))
                .ToArray();

            var unsuppressed = results.Where(r => !r.TryGetProperty("suppressions", out _)).Select(r => Describe(r, consumer)).OrderBy(r => r).ToArray();
            var expected = ConsumerSources.Leaks.Spans
                .Where(s => ConsumerSources.ReportedIds.Contains(s.Tag))
                .Select(s => $"{s.Tag} {s.Line}:{s.Column}-{s.EndLine}:{s.EndColumn}")
                .OrderBy(r => r)
                .ToArray();
            Assert.Equal(expected, unsuppressed);

            foreach (var result in results)
            {
                var ruleId = result.GetProperty("ruleId").GetString()!;
                var rule = result.TryGetProperty("ruleIndex", out var index)
                    ? rules[index.GetInt32()]
                    : rules.Single(r => r.GetProperty("id").GetString() == ruleId);
                Assert.Equal(ruleId, rule.GetProperty("id").GetString());
                Assert.Equal(HelpLinkBase + ruleId + ".md", rule.GetProperty("helpUri").GetString());
                Assert.Equal("warning", result.GetProperty("level").GetString());
                Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
            }

            // The user's suppressions reach the log as in-source suppressions rather than vanishing.
            var suppressed = results.Where(r => r.TryGetProperty("suppressions", out _)).ToArray();
            var silenced = ConsumerSources.Leaks.Tagged("pragma").Concat(ConsumerSources.Leaks.Tagged("attribute"))
                .Select(s => $"LCK002 {s.Line}:{s.Column}-{s.EndLine}:{s.EndColumn}")
                .OrderBy(r => r);
            Assert.Equal(silenced, suppressed.Select(r => Describe(r, consumer)).OrderBy(r => r));
            Assert.All(suppressed, r => Assert.Equal("inSource", r.GetProperty("suppressions")[0].GetProperty("kind").GetString()));

            // LCK002's additional location, the Dispose that should release the lock, is a related location.
            var storeCache = ConsumerSources.Leaks.Tagged("LCK002").First();
            var dispose = ConsumerSources.Leaks.Single("StoreCache.Dispose");
            var storeCacheResult = results.Single(r => Describe(r, consumer).StartsWith($"LCK002 {storeCache.Line}:{storeCache.Column}-", StringComparison.Ordinal));
            var related = storeCacheResult.GetProperty("relatedLocations").EnumerateArray().Select(l => Region(l, consumer)).ToArray();
            Assert.Equal(new[] { $"{dispose.Line}:{dispose.Column}-{dispose.EndLine}:{dispose.EndColumn}" }, related);
        }

        private static string Describe(JsonElement result, Consumer consumer) =>
            $"{result.GetProperty("ruleId").GetString()} {Region(result.GetProperty("locations")[0], consumer)}";

        private static string Region(JsonElement location, Consumer consumer)
        {
            var physical = location.GetProperty("physicalLocation");
            var uri = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
            Assert.Equal(consumer.LeaksFile, uri.LocalPath);
            var region = physical.GetProperty("region");
            return $"{region.GetProperty("startLine").GetInt32()}:{region.GetProperty("startColumn").GetInt32()}-{region.GetProperty("endLine").GetInt32()}:{region.GetProperty("endColumn").GetInt32()}";
        }
    }
}
