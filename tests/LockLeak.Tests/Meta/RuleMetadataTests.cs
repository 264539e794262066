using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace LockLeak.Tests.Meta
{
    /// <summary>Keeps descriptors, docs pages, README table, release tracking and fix providers in step.</summary>
    public class RuleMetadataTests
    {
        public static IEnumerable<object[]> AllDescriptors() =>
            LockLeakTest.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => new object[] { d.Id });

        /// <summary>A warning means something is held; LCK006's primitives hold no OS handle, so it is a suggestion.</summary>
        private static DiagnosticSeverity ExpectedSeverity(string id) => id == "LCK006" ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning;

        private static DiagnosticDescriptor Descriptor(string id) =>
            LockLeakTest.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Single(d => d.Id == id);

        [Fact]
        public void EveryRuleHasExactlyOneAnalyzer()
        {
            // OwnedLockNotReleasedAnalyzer reports five rules from one analysis of each type; no rule is reported twice.
            var ids = LockLeakTest.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToList();
            Assert.Equal(new[] { "LCK001", "LCK002", "LCK003", "LCK004", "LCK005", "LCK006", "LCK900" }, ids.OrderBy(i => i));
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Descriptor_HasHelpLinkToItsPage(string id)
        {
            var descriptor = Descriptor(id);
            Assert.Equal($"https://github.com/LockLeak/LockLeak/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
            Assert.Equal("Reliability", descriptor.Category);
            Assert.Equal(ExpectedSeverity(id), descriptor.DefaultSeverity);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Descriptor_HasDocsPageWithItsTitle(string id)
        {
            Assert.True(RepositoryFiles.Exists("docs", "rules", id + ".md"), $"docs/rules/{id}.md is missing");
            var page = RepositoryFiles.Read("docs", "rules", id + ".md");
            Assert.StartsWith($"# {id}: {Descriptor(id).Title}", page);
            Assert.Contains("## Cause", page);
            Assert.Contains("## How to fix", page);
            Assert.Contains("## How to suppress", page);
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Descriptor_IsInReleaseTracking(string id)
        {
            var tracked = RepositoryFiles.Read("src", "Analyzer", "AnalyzerReleases.Unshipped.md") + RepositoryFiles.Read("src", "Analyzer", "AnalyzerReleases.Shipped.md");
            Assert.Matches(new Regex($@"^{id}\s*\|\s*Reliability\s*\|\s*{ExpectedSeverity(id)}\s*\|", RegexOptions.Multiline), tracked);
        }

        [Theory]
        [MemberData(nameof(AllDescriptors))]
        public void Descriptor_IsInReadmeRulesTable(string id)
        {
            var readme = RepositoryFiles.Read("README.md");
            var descriptor = Descriptor(id);
            Assert.Contains($"| [{id}](docs/rules/{id}.md) | {descriptor.Title} | {descriptor.DefaultSeverity} |", readme);
        }

        [Fact]
        public void ReadmeRulesTable_HasNoOtherRules()
        {
            var readme = RepositoryFiles.Read("README.md");
            var table = readme.Substring(readme.IndexOf("<!-- rules -->"), readme.IndexOf("<!-- /rules -->") - readme.IndexOf("<!-- rules -->"));
            var listed = Regex.Matches(table, @"\| \[(LCK\d{3})\]").Select(m => m.Groups[1].Value);
            Assert.Equal(AllDescriptors().Select(d => (string)d[0]).OrderBy(i => i), listed.OrderBy(i => i));
        }

        [Fact]
        public void EveryCodeFixProvider_IsExportedSharedSealedAndNamedForItself()
        {
            Assert.NotEmpty(LockLeakTest.AllCodeFixes);
            foreach (var provider in LockLeakTest.AllCodeFixes)
            {
                var type = provider.GetType();
                var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.NotNull(export);
                Assert.Equal(type.Name, export!.Name);
                Assert.Equal(new[] { LanguageNames.CSharp }, export.Languages);
                Assert.NotNull(type.GetCustomAttribute<System.Composition.SharedAttribute>());
                Assert.True(type.IsSealed, type.Name + " should be sealed");
                Assert.NotNull(provider.GetFixAllProvider());
                Assert.Contains(FixAllScope.Solution, provider.GetFixAllProvider()!.GetSupportedFixAllScopes());
            }
        }

        [Fact]
        public void EveryRule_HasACodeFix()
        {
            var fixable = LockLeakTest.AllCodeFixes.SelectMany(f => f.FixableDiagnosticIds).ToHashSet();
            // LCK900's value lives in .editorconfig or .globalconfig, where no code fix reaches.
            foreach (var id in AllDescriptors().Select(d => (string)d[0]).Where(id => id != "LCK900"))
            {
                Assert.Contains(id, fixable);
            }
        }
    }
}
