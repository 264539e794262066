using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockLeak.Tests.Robustness
{
    /// <summary>One C# input of the robustness tests: where it comes from and its text (markup removed).</summary>
    public sealed record CorpusInput(string Id, string Source);

    /// <summary>
    /// Every C# input the other tests use, gathered from the test project's own sources (raw and verbatim string
    /// literals that look like C#), plus the sample's files. Collected from the files rather than from a list, so
    /// that tests added later by anyone are covered without touching this class.
    /// </summary>
    public static class RobustnessCorpus
    {
        private static readonly Lazy<IReadOnlyList<CorpusInput>> Inputs = new Lazy<IReadOnlyList<CorpusInput>>(Collect);

        // {|LCK002:...|}, {|#0:...|}, [|...|]: the markup of Microsoft.CodeAnalysis.Testing.
        private static readonly Regex OpenMarkup = new Regex(@"\{\|[^|:{}\s]+:", RegexOptions.Compiled);

        public static IReadOnlyList<CorpusInput> All => Inputs.Value;

        public static string TestProjectDirectory { get; } = FindTestProjectDirectory();

        public static string RepositoryDirectory => Path.GetFullPath(Path.Combine(TestProjectDirectory, "..", ".."));

        public static string StripMarkup(string text) =>
            OpenMarkup.Replace(text, string.Empty).Replace("|}", string.Empty).Replace("[|", string.Empty).Replace("|]", string.Empty);

        private static IReadOnlyList<CorpusInput> Collect()
        {
            var inputs = new List<CorpusInput>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var projectDir = TestProjectDirectory;
            foreach (var file in Directory.EnumerateFiles(projectDir, "*.cs", SearchOption.AllDirectories)
                .Where(f => !IsBuildOutput(projectDir, f))
                .OrderBy(f => f, StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(projectDir, file).Replace('\\', '/');
                var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file);
                foreach (var token in tree.GetRoot().DescendantTokens())
                {
                    var isSourceLiteral = token.IsKind(SyntaxKind.SingleLineRawStringLiteralToken)
                        || token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken)
                        || (token.IsKind(SyntaxKind.StringLiteralToken) && token.Text.StartsWith("@", StringComparison.Ordinal));
                    if (!isSourceLiteral || !LooksLikeCSharp(token.ValueText))
                    {
                        continue;
                    }

                    var source = StripMarkup(token.ValueText);
                    if (seen.Add(source))
                    {
                        var line = token.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        inputs.Add(new CorpusInput($"{relative}:{line}", source));
                    }
                }
            }

            var sample = Path.Combine(RepositoryDirectory, "samples", "LeakyStore");
            if (Directory.Exists(sample))
            {
                foreach (var file in Directory.EnumerateFiles(sample, "*.cs", SearchOption.AllDirectories)
                    .Where(f => !IsBuildOutput(sample, f))
                    .OrderBy(f => f, StringComparer.Ordinal))
                {
                    var source = File.ReadAllText(file);
                    if (seen.Add(source))
                    {
                        inputs.Add(new CorpusInput("samples/LeakyStore/" + Path.GetRelativePath(sample, file).Replace('\\', '/'), source));
                    }
                }
            }

            return inputs;
        }

        private static bool LooksLikeCSharp(string text) =>
            text.Contains("class ", StringComparison.Ordinal) || text.Contains("struct ", StringComparison.Ordinal) || text.Contains("record ", StringComparison.Ordinal);

        private static bool IsBuildOutput(string root, string file)
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            return relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal);
        }

        private static string FindTestProjectDirectory()
        {
            // The compile-time path of this file; under a deterministic CI build it may be mapped (/_/...), so the
            // output directory's ancestors are the fallback.
            foreach (var start in new[] { Path.GetDirectoryName(ThisFile()), AppContext.BaseDirectory })
            {
                for (var dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
                {
                    if (File.Exists(Path.Combine(dir, "LockLeak.Tests.csproj")))
                    {
                        return dir;
                    }
                }
            }

            throw new InvalidOperationException("Cannot find the LockLeak.Tests project directory from " + ThisFile() + " or " + AppContext.BaseDirectory);
        }

        private static string ThisFile([CallerFilePath] string path = "") => path;
    }

    /// <summary>Seeded, bounded damage to a source text: what an editor holds between keystrokes.</summary>
    public static class Mutator
    {
        public enum Kind
        {
            RemoveToken,
            Cut,
            DropBrace,
        }

        /// <summary>
        /// Mutants per input: two of each kind in the normal run. LOCKLEAK_ROBUSTNESS_MUTANTS=500 explores deeper
        /// locally (same seeds, so the first six are the normal run's).
        /// </summary>
        public static int PerInput { get; } =
            int.TryParse(Environment.GetEnvironmentVariable("LOCKLEAK_ROBUSTNESS_MUTANTS"), out var n) && n > 0 ? n : 6;

        public static IEnumerable<(string Description, string Source)> Mutants(CorpusInput input)
        {
            var random = new Random(StableHash(input.Id));
            var tokens = CSharpSyntaxTree.ParseText(input.Source).GetRoot().DescendantTokens()
                .Where(t => !t.IsKind(SyntaxKind.EndOfFileToken) && t.Span.Length > 0)
                .ToList();
            var braces = Enumerable.Range(0, input.Source.Length).Where(i => input.Source[i] is '{' or '}').ToList();
            for (var n = 0; n < PerInput; n++)
            {
                var kind = (Kind)(n % 3);
                switch (kind)
                {
                    case Kind.RemoveToken when tokens.Count > 0:
                        var token = tokens[random.Next(tokens.Count)];
                        yield return ($"remove token '{token.Text}' at {token.SpanStart}", input.Source.Remove(token.SpanStart, token.Span.Length));
                        break;
                    case Kind.DropBrace when braces.Count > 0:
                        var brace = braces[random.Next(braces.Count)];
                        yield return ($"drop '{input.Source[brace]}' at {brace}", input.Source.Remove(brace, 1));
                        break;
                    default:
                        var cut = random.Next(input.Source.Length + 1);
                        yield return ($"cut at {cut}", input.Source.Substring(0, cut));
                        break;
                }
            }
        }

        /// <summary>FNV-1a: the same seed on every run and machine (string.GetHashCode is randomised per process).</summary>
        public static int StableHash(string text)
        {
            unchecked
            {
                var hash = 2166136261u;
                foreach (var c in text)
                {
                    hash = (hash ^ c) * 16777619u;
                }

                return (int)(hash & 0x7FFFFFFF);
            }
        }
    }
}
