using System;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LeakyStore.Tests
{
    /// <summary>
    /// The fix-equivalence check itself, driven by stand-in fixes that rewrite the document to a given text, so that
    /// it is known to pass on the twin and to fail on anything else before the real fixes arrive.
    /// </summary>
    public sealed class FixEquivalenceHarnessTests
    {
        [Fact]
        public async Task Harness_FixProducingTheTwin_Passes()
        {
            var twin = SampleFiles.Read("Fixed/FixedPosixStoreContext.cs")
                .Replace("FixedPosixStoreContext", "PosixStoreContext", StringComparison.Ordinal)
                .Replace("namespace LeakyStore.Fixed", "namespace LeakyStore", StringComparison.Ordinal);

            var difference = await FixEquivalenceTests.ApplyAndCompareAsync(new[] { new RewriteTo("LCK003", twin) }, "LCK003", "PosixStoreContext.cs", "Fixed/FixedPosixStoreContext.cs", "PosixStoreContext");

            Assert.Null(difference);
        }

        [Fact]
        public async Task Harness_FixMissingTheZeroing_FailsAndShowsTheLine()
        {
            var withoutZeroing = SampleFiles.Read("Fixed/FixedPosixStoreContext.cs")
                .Replace("FixedPosixStoreContext", "PosixStoreContext", StringComparison.Ordinal)
                .Replace("namespace LeakyStore.Fixed", "namespace LeakyStore", StringComparison.Ordinal)
                .Replace("_mutex = null;", string.Empty, StringComparison.Ordinal);

            var difference = await FixEquivalenceTests.ApplyAndCompareAsync(new[] { new RewriteTo("LCK003", withoutZeroing) }, "LCK003", "PosixStoreContext.cs", "Fixed/FixedPosixStoreContext.cs", "PosixStoreContext");

            Assert.NotNull(difference);
            Assert.Contains("twin: _mutex = null;", difference);
        }

        [Fact]
        public async Task Harness_FixLeavingTheLeak_Fails()
        {
            var leaky = SampleFiles.Read("PosixStoreContext.cs").Replace("_disposed = true;", "_disposed = true; ", StringComparison.Ordinal);

            var difference = await FixEquivalenceTests.ApplyAndCompareAsync(new[] { new RewriteTo("LCK003", leaky) }, "LCK003", "PosixStoreContext.cs", "Fixed/FixedPosixStoreContext.cs", "PosixStoreContext");

            Assert.NotNull(difference);
            Assert.Contains("twin: if (_mutex != null)", difference);
        }

        private sealed class RewriteTo : CodeFixProvider
        {
            private readonly string id;
            private readonly string text;

            public RewriteTo(string id, string text)
            {
                this.id = id;
                this.text = text;
            }

            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(id);

            public override FixAllProvider? GetFixAllProvider() => null;

            public override Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("rewrite", _ => Task.FromResult(context.Document.WithText(SourceText.From(text))), "rewrite"),
                    context.Diagnostics);
                return Task.CompletedTask;
            }
        }
    }
}
