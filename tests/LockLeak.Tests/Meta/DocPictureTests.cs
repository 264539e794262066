using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace LockLeak.Tests.Meta
{
    /// <summary>
    /// Every picture the Markdown shows is there: image files exist, Mermaid blocks are diagrams, and the pictures
    /// drawn from the sample (the fix's diff, the leak chart) say what the sample's files and figures say.
    /// </summary>
    public class DocPictureTests
    {
        // Diagram types GitHub's Mermaid renders; a block starting with anything else shows as an error box.
        private static readonly string[] MermaidKeywords =
        {
            "flowchart", "graph", "sequenceDiagram", "classDiagram", "stateDiagram", "stateDiagram-v2", "erDiagram", "journey",
            "gantt", "pie", "quadrantChart", "requirementDiagram", "gitGraph", "C4Context", "C4Container", "C4Component",
            "C4Dynamic", "C4Deployment", "mindmap", "timeline", "sankey-beta", "xychart-beta", "block-beta", "packet-beta",
            "architecture-beta", "kanban", "radar-beta",
        };

        private static readonly string[] SkippedFolders = { ".git", "bin", "obj", "node_modules", "artifacts", "TestResults", "BenchmarkDotNet.Artifacts" };

        private static readonly Regex Fence = new(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<info>[^\n]*)\n(?<body>.*?)^\k<indent>\k<fence>[ \t]*$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant);

        // ![alt](target "title") with an optional <target>, and an HTML <img src="..."> in either quote.
        private static readonly Regex MarkdownImage = new(@"!\[[^\]]*\]\(\s*(?:<(?<target>[^>]+)>|(?<target>[^)\s]+))(?:\s+(?:""[^""]*""|'[^']*'))?\s*\)", RegexOptions.CultureInvariant);
        private static readonly Regex HtmlImage = new(@"<img\b[^>]*?\bsrc\s*=\s*(?:""(?<target>[^""]*)""|'(?<target>[^']*)')", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static IEnumerable<object[]> MarkdownFiles() =>
            EnumerateMarkdown(RepositoryFiles.Root).Select(path => new object[] { Path.GetRelativePath(RepositoryFiles.Root, path).Replace('\\', '/') });

        [Fact]
        public void Repository_HasMarkdownWithPictures()
        {
            // Guards the scan itself: a walk that found no file would pass every theory below by having none.
            var files = MarkdownFiles().Select(f => (string)f[0]).ToArray();
            Assert.Contains("README.md", files);
            Assert.Contains("samples/LeakyStore/README.md", files);
            Assert.DoesNotContain(files, f => f.Split('/').Any(SkippedFolders.Contains));
            Assert.Contains(files, f => ImageTargets(RepositoryFiles.Read(f)).Any());
            Assert.Contains(files, f => MermaidBlocks(RepositoryFiles.Read(f)).Any());
        }

        [Theory]
        [MemberData(nameof(MarkdownFiles))]
        public void EveryImageItReferences_Exists(string file)
        {
            var missing = MissingImages(RepositoryFiles.Read(file), Path.GetDirectoryName(Path.Combine(RepositoryFiles.Root, file))!, RepositoryFiles.Root);
            Assert.True(missing.Count == 0, $"{file} shows pictures that are not in the repository: {string.Join(", ", missing)}");
        }

        [Theory]
        [MemberData(nameof(MarkdownFiles))]
        public void EveryMermaidBlock_StartsWithADiagramType(string file)
        {
            foreach (var block in MermaidBlocks(RepositoryFiles.Read(file)))
            {
                var problem = MermaidProblem(block);
                Assert.True(problem is null, $"{file}: {problem}\n{block}");
            }
        }

        [Fact]
        public void MissingImages_ReportsAbsentFilesOnly()
        {
            // The scan must fail the theory when a picture is missing: prove it on a page whose pictures are known.
            var root = RepositoryFiles.Root;
            var docs = Path.Combine(root, "docs");
            var page = string.Join(
                "\n",
                "![chart](images/leakystore-leak.svg)",
                "![gone](images/no-such-picture.png \"title\")",
                "<img alt=\"icon\" src='../src/Package/icon.png' width=\"64\">",
                "<img src=\"/docs/images/also-gone.svg\">",
                "![remote](https://example.com/x.png) ![anchor](#top)",
                "```markdown",
                "![inside a code block](not-a-picture.png)",
                "```");

            Assert.Equal(new[] { "images/no-such-picture.png", "/docs/images/also-gone.svg" }, MissingImages(page, docs, root));
        }

        [Fact]
        public void MermaidProblem_RejectsEmptyAndUnknownBlocks()
        {
            Assert.Null(MermaidProblem("%% a comment\nflowchart TD\n  a --> b\n"));
            Assert.Null(MermaidProblem("---\ntitle: x\n---\nsequenceDiagram\n  a->>b: hi\n"));
            Assert.NotNull(MermaidProblem("  \n"));
            Assert.NotNull(MermaidProblem("flowchart TD\n"));
            Assert.NotNull(MermaidProblem("flowchartTD\n  a --> b\n"));
            Assert.NotNull(MermaidProblem("a --> b\n"));
        }

        [Fact]
        public void LeakyStoreFixDiff_IsTheDifferenceBetweenTheSampleFiles()
        {
            // The diff in the sample's README is typed, not generated: its old side must be in the leaky file and its
            // new side in the fixed one, line for line (indentation aside: the README shows the method dedented).
            var readme = RepositoryFiles.Read("samples", "LeakyStore", "README.md").Replace("\r\n", "\n", StringComparison.Ordinal);
            var marker = readme.IndexOf("<!-- leakystore-fix-diff", StringComparison.Ordinal);
            Assert.True(marker >= 0, "samples/LeakyStore/README.md has no <!-- leakystore-fix-diff --> marker.");
            var diff = Fence.Match(readme, marker);
            Assert.True(diff.Success && diff.Groups["info"].Value.Trim() == "diff", "No ```diff block after the marker.");

            var lines = diff.Groups["body"].Value.TrimEnd('\n').Split('\n');
            Assert.All(lines, line => Assert.True(line.Length == 0 || line[0] is ' ' or '+' or '-', $"'{line}' is not a diff line."));
            Assert.Contains(lines, line => line.StartsWith('+'));
            var before = lines.Where(l => !l.StartsWith('+')).Select(l => l.Length == 0 ? "" : l.Substring(1).Trim()).ToArray();
            var after = lines.Where(l => !l.StartsWith('-')).Select(l => l.Length == 0 ? "" : l.Substring(1).Trim()).ToArray();

            AssertContainsRun(RepositoryFiles.Read("samples", "LeakyStore", "PosixStoreContext.cs"), before, "PosixStoreContext.cs");
            AssertContainsRun(RepositoryFiles.Read("samples", "LeakyStore", "Fixed", "FixedPosixStoreContext.cs"), after, "Fixed/FixedPosixStoreContext.cs");
        }

        [Fact]
        public void LeakChart_ShowsTheFiguresOfItsMeasurement()
        {
            // The chart is drawn from the kept --json output; a chart edited by hand, or redrawn from other figures
            // than those kept, no longer shows them.
            using var figures = JsonDocument.Parse(RepositoryFiles.Read("docs", "images", "leakystore-leak.json"));
            var svg = RepositoryFiles.Read("docs", "images", "leakystore-leak.svg");
            foreach (var provider in new[] { "leaky", "fixed" })
            {
                var run = figures.RootElement.GetProperty(provider);
                foreach (var figure in new[] { "bytesStillAllocated", "rssGrowthBytes" })
                {
                    var bytes = run.GetProperty(figure).GetInt64();
                    Assert.Contains(bytes.ToString("N0", CultureInfo.InvariantCulture) + " bytes", svg, StringComparison.Ordinal);
                }
            }

            var opens = figures.RootElement.GetProperty("leaky").GetProperty("opens").GetInt64().ToString("N0", CultureInfo.InvariantCulture);
            Assert.Contains(opens + " message stores", svg, StringComparison.Ordinal);
            Assert.Contains($"--opens {figures.RootElement.GetProperty("leaky").GetProperty("opens").GetInt64()} --json", RepositoryFiles.Read("samples", "LeakyStore", "README.md"), StringComparison.Ordinal);
        }

        private static IEnumerable<string> EnumerateMarkdown(string directory)
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.md"))
            {
                yield return file;
            }

            foreach (var child in Directory.EnumerateDirectories(directory).Where(d => !SkippedFolders.Contains(Path.GetFileName(d))))
            {
                foreach (var file in EnumerateMarkdown(child))
                {
                    yield return file;
                }
            }
        }

        /// <summary>Text outside fenced code blocks: a picture shown as an example of Markdown is not a picture.</summary>
        private static string Prose(string markdown) => Fence.Replace(markdown.Replace("\r\n", "\n", StringComparison.Ordinal), "");

        private static IEnumerable<string> MermaidBlocks(string markdown) =>
            Fence.Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal))
                .Where(m => m.Groups["info"].Value.Trim().Split(' ')[0] == "mermaid")
                .Select(m => m.Groups["body"].Value);

        private static IEnumerable<string> ImageTargets(string markdown)
        {
            var prose = Prose(markdown);
            return MarkdownImage.Matches(prose).Concat(HtmlImage.Matches(prose)).Select(m => m.Groups["target"].Value.Trim());
        }

        /// <summary>The relative image targets of a page (relative to its folder; a leading '/' to the repository root) with no file behind them.</summary>
        private static List<string> MissingImages(string markdown, string pageDirectory, string root) =>
            ImageTargets(markdown)
                .Where(target => target.Length > 0 && !target.StartsWith('#') && !Regex.IsMatch(target, "^[a-zA-Z][a-zA-Z0-9+.-]*:"))
                .Where(target =>
                {
                    var path = Uri.UnescapeDataString(target.Split('#', '?')[0]);
                    var full = path.StartsWith('/') ? Path.Combine(root, path.TrimStart('/')) : Path.Combine(pageDirectory, path);
                    return !File.Exists(Path.GetFullPath(full));
                })
                .ToList();

        /// <summary>Why a Mermaid block would not render, or null.</summary>
        private static string? MermaidProblem(string block)
        {
            var lines = block.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToList();

            // Optional front matter (--- title/config ---) comes before the diagram type.
            var first = lines.FindIndex(l => l.Length > 0);
            if (first >= 0 && lines[first] == "---")
            {
                var close = lines.FindIndex(first + 1, l => l == "---");
                if (close < 0)
                {
                    return "front matter is not closed";
                }

                lines = lines.Skip(close + 1).ToList();
            }

            var content = lines.Where(l => l.Length > 0 && !l.StartsWith("%%", StringComparison.Ordinal)).ToList();
            if (content.Count == 0)
            {
                return "the block is empty";
            }

            var keyword = content[0].Split(' ', '\t')[0];
            if (!MermaidKeywords.Contains(keyword, StringComparer.Ordinal))
            {
                return $"'{content[0]}' does not start with a diagram type ({string.Join(", ", MermaidKeywords)})";
            }

            return content.Count < 2 ? "the diagram has a type and nothing else" : null;
        }

        private static void AssertContainsRun(string source, string[] run, string name)
        {
            var lines = source.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).ToArray();
            var found = Enumerable.Range(0, Math.Max(0, lines.Length - run.Length + 1)).Any(start => run.Select((line, i) => lines[start + i] == line).All(same => same));
            Assert.True(found, $"{name} does not contain these lines in this order:\n{string.Join("\n", run)}");
        }
    }
}
