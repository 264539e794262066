using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace LockLeak.Tests.Meta
{
    /// <summary>CHANGELOG.md, the release-tracking files and the version that gets packed tell one story.</summary>
    public class ChangelogTests
    {
        private static readonly Regex VersionHeading = new(@"^## \[?(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\]?(?<rest>[^\n]*)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex ReleaseHeading = new(@"^## Release (?<version>\S+)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex RuleRow = new(@"^(?<id>LCK\d{3})\s*\|", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        private static readonly Regex RuleMention = new(@"\bLCK\d{3}\b", RegexOptions.CultureInvariant);

        private static string Changelog => RepositoryFiles.Read("CHANGELOG.md").Replace("\r\n", "\n", StringComparison.Ordinal);

        [Fact]
        public void TopVersion_IsTheVersionThatIsPacked_AndNotYetShipped()
        {
            var top = Sections(Changelog, VersionHeading).First();
            var props = RepositoryFiles.Read("Directory.Build.props");
            var prefix = Regex.Match(props, @"<VersionPrefix>(?<v>[^<]+)</VersionPrefix>").Groups["v"].Value;
            Assert.Equal(prefix, top.Version);

            // What is packed now is the next release: release tracking must not call it shipped already.
            var shipped = Sections(RepositoryFiles.Read("src", "Analyzer", "AnalyzerReleases.Shipped.md"), ReleaseHeading).Select(s => s.Version);
            Assert.DoesNotContain(top.Version, shipped);
        }

        [Fact]
        public void EveryShippedRelease_HasItsSection_NamingItsNewRules()
        {
            var changelog = Sections(Changelog, VersionHeading).ToDictionary(s => s.Version, s => s.Text);
            var releases = Sections(RepositoryFiles.Read("src", "Analyzer", "AnalyzerReleases.Shipped.md").Replace("\r\n", "\n", StringComparison.Ordinal), ReleaseHeading).ToList();
            Assert.NotEmpty(releases);
            foreach (var release in releases)
            {
                Assert.True(changelog.ContainsKey(release.Version), $"CHANGELOG.md has no '## {release.Version}' section.");
                var rules = RuleRow.Matches(release.Text).Select(m => m.Groups["id"].Value).ToList();
                Assert.NotEmpty(rules);
                Assert.All(rules, id => Assert.Contains(id, RuleMention.Matches(changelog[release.Version]).Select(m => m.Value)));
            }

            // Below the top (unreleased) section, every version is one release tracking records as shipped.
            Assert.Equal(
                Sections(Changelog, VersionHeading).Skip(1).Select(s => s.Version).OrderBy(v => v, StringComparer.Ordinal),
                releases.Select(r => r.Version).OrderBy(v => v, StringComparer.Ordinal));
        }

        [Fact]
        public void EveryUnshippedRule_IsInTheTopSection()
        {
            var top = Sections(Changelog, VersionHeading).First();
            var unshipped = RuleRow.Matches(RepositoryFiles.Read("src", "Analyzer", "AnalyzerReleases.Unshipped.md")).Select(m => m.Groups["id"].Value);
            var mentioned = RuleMention.Matches(top.Text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            Assert.All(unshipped, id => Assert.Contains(id, mentioned));
        }

        private static IEnumerable<(string Version, string Text)> Sections(string text, Regex heading)
        {
            var matches = heading.Matches(text);
            for (var i = 0; i < matches.Count; i++)
            {
                var start = matches[i].Index + matches[i].Length;
                var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
                yield return (matches[i].Groups["version"].Value, text.Substring(start, end - start));
            }
        }
    }
}
