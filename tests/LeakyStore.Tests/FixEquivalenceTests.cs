using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace LeakyStore.Tests
{
    /// <summary>
    /// The fixed provider is what LockLeak's own fixes make of the leaky one: each fix is applied to the leaky
    /// source through its code-fix provider, and the result must be the fixed twin's syntax, type names and
    /// namespace aside (comments and layout are not compared).
    /// </summary>
    public sealed class FixEquivalenceTests
    {
        [Theory]
        [InlineData("LCK003", "PosixStoreContext.cs", "Fixed/FixedPosixStoreContext.cs", "PosixStoreContext")]
        [InlineData("LCK003", "WindowsStoreContext.cs", "Fixed/FixedWindowsStoreContext.cs", "WindowsStoreContext")]
        [InlineData("LCK002", "StoreCache.cs", "Fixed/FixedStoreCache.cs", "StoreCache")]
        public async Task LeakySource_FixApplied_EqualsFixedTwin(string diagnosticId, string leakyFile, string fixedFile, string typeName)
        {
            var providers = typeof(CodeFixesAssemblyMarker).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
                .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
                .Where(p => p.FixableDiagnosticIds.Contains(diagnosticId))
                .ToArray();
            if (providers.Length == 0)
            {
                Assert.Fail(
                    $"LockLeak.CodeFixes has no CodeFixProvider whose FixableDiagnosticIds contain {diagnosticId}: the {diagnosticId} fix is not "
                    + $"on this branch yet. This test applies that fix to samples/LeakyStore/{leakyFile} and compares the result with "
                    + $"samples/LeakyStore/{fixedFile}; it passes once the fix is merged.");
            }

            var difference = await ApplyAndCompareAsync(providers, diagnosticId, leakyFile, fixedFile, typeName);

            Assert.True(difference is null, difference);
        }

        /// <summary>
        /// Applies the one fix <paramref name="providers"/> offer for the leaky file's <paramref name="diagnosticId"/> and
        /// compares the result with the fixed twin. Null when they are the same syntax and the fixed document compiles
        /// and leaves nothing for the rule to report; otherwise what differs.
        /// </summary>
        internal static async Task<string?> ApplyAndCompareAsync(IReadOnlyList<CodeFixProvider> providers, string diagnosticId, string leakyFile, string fixedFile, string typeName)
        {
            using var sample = SampleWorkspace.Open();
            var document = sample.Document(leakyFile);
            var (_, diagnostics) = await SampleWorkspace.AnalyzeAsync(sample.Project);
            var diagnostic = Assert.Single(diagnostics, d => d.Id == diagnosticId && SampleWorkspace.RelativePath(d.Location) == leakyFile);

            var actions = new List<CodeAction>();
            foreach (var provider in providers)
            {
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await provider.RegisterCodeFixesAsync(context);
            }

            var fix = Assert.Single(actions);
            var operations = await fix.GetOperationsAsync(CancellationToken.None);
            var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
            var fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();

            var twin = SampleFiles.Read(fixedFile)
                .Replace("namespace LeakyStore.Fixed", "namespace LeakyStore", StringComparison.Ordinal)
                .Replace("Fixed" + typeName, typeName, StringComparison.Ordinal);
            var actual = CSharpSyntaxTree.ParseText(fixedText).GetRoot();
            var expected = CSharpSyntaxTree.ParseText(twin).GetRoot();
            if (!SyntaxFactory.AreEquivalent(actual, expected, topLevel: false))
            {
                return $"The {diagnosticId} fix of {leakyFile} differs from {fixedFile} (type names aside). First difference:{Environment.NewLine}"
                    + FirstDifference(WithoutTrivia(expected), WithoutTrivia(actual))
                    + $"{Environment.NewLine}Fix output:{Environment.NewLine}{fixedText}";
            }

            var (errors, after) = await SampleWorkspace.AnalyzeAsync(changed.GetProject(sample.Project.Id)!);
            if (errors.Length > 0)
            {
                return $"The {diagnosticId} fix of {leakyFile} does not compile: {string.Join(Environment.NewLine, errors)}";
            }

            var left = after.Where(d => SampleWorkspace.RelativePath(d.Location) == leakyFile && d.Id == diagnosticId).ToArray();
            return left.Length == 0 ? null : $"After the {diagnosticId} fix, {leakyFile} still has: {string.Join(Environment.NewLine, left.Select(d => d.ToString()))}";
        }

        /// <summary>The code alone, laid out the same way for both sides: comments and layout are not compared.</summary>
        private static string WithoutTrivia(SyntaxNode root) =>
            root.ReplaceTrivia(root.DescendantTrivia(descendIntoTrivia: false), (_, _) => SyntaxFactory.ElasticMarker).NormalizeWhitespace().ToFullString();

        private static string FirstDifference(string expected, string actual)
        {
            var expectedLines = expected.Split('\n').Where(line => line.Trim().Length > 0).ToArray();
            var actualLines = actual.Split('\n').Where(line => line.Trim().Length > 0).ToArray();
            for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
            {
                var e = i < expectedLines.Length ? expectedLines[i].TrimEnd() : "<end>";
                var a = i < actualLines.Length ? actualLines[i].TrimEnd() : "<end>";
                if (e != a)
                {
                    return $"  code line {i + 1}{Environment.NewLine}  twin: {e.Trim()}{Environment.NewLine}  fix:  {a.Trim()}";
                }
            }

            return "  (only in trivia)";
        }
    }
}
