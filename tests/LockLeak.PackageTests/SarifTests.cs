using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
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
        public async Task DocumentedDirectoryBuildProps_FreshRepository_WritesOneNamedLogPerProjectAndFramework()
        {
            // docs/configuration.md's file, as written, in a repository where no artifacts/ folder exists yet.
            var props = Recipe("props", "xml");
            var consumer = fixture.CreateConsumer("sarif-props", ("Directory.Build.props", props));
            var folder = Path.Combine(consumer.Directory, "artifacts", "sarif");
            Assert.False(Directory.Exists(folder));

            var build = await PackageFixture.BuildAsync(consumer);

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("CS0016", build.Output, StringComparison.Ordinal);

            // Named after the project and its framework: a property read before TargetFramework is set would give "Consumer-.sarif".
            Assert.Equal(new[] { "Consumer-net10.0.sarif" }, Directory.GetFiles(folder).Select(Path.GetFileName));
            AssertLog(Path.Combine(folder, "Consumer-net10.0.sarif"), consumer);
        }

        [Fact]
        public async Task DocumentedCommandLine_FreshRepository_WritesTheLogNextToTheProject()
        {
            // The documented command, word for word, run where a user would: in the folder of their project or solution.
            var command = Recipe("command-line", "sh").Trim();
            Assert.DoesNotContain('\n', command);
            var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(new[] { "dotnet", "build" }, words.Take(2));
            var consumer = fixture.CreateConsumer("sarif-command-line");

            // Only what keeps the test's build isolated and readable is added: it changes nothing the log depends on.
            var build = await DotNet.RunAsync(consumer.Directory, words.Skip(1).Concat(new[] { "--no-incremental", "-tl:off", "-nr:false", "-v:minimal" }).ToArray());

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("CS0016", build.Output, StringComparison.Ordinal);
            AssertLog(Path.Combine(consumer.Directory, "lockleak.sarif"), consumer);
        }

        /// <summary>The fenced block that follows docs/configuration.md's <c>&lt;!-- sarif-recipe:name ... --&gt;</c> marker.</summary>
        private string Recipe(string name, string language)
        {
            var docs = File.ReadAllText(Path.Combine(fixture.RepositoryRoot, "docs", "configuration.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
            var match = Regex.Match(docs, $@"<!-- sarif-recipe:{Regex.Escape(name)}\b[^\n]*-->\n```{Regex.Escape(language)}\n(?<body>.*?)```", RegexOptions.Singleline);
            Assert.True(match.Success, $"docs/configuration.md has no ```{language} block after <!-- sarif-recipe:{name} -->.");
            return match.Groups["body"].Value;
        }

        private static void AssertLog(string log, Consumer consumer)
        {
            Assert.True(File.Exists(log), $"No SARIF log at {log}.");
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
