using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LockLeak.PackageTests.Infrastructure;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace LockLeak.PackageTests
{
    /// <summary>
    /// The editor path through a real language server: csharp-ls (what Neovim, Emacs and Helix setups run), pinned in
    /// the repository's tool manifest, opens a consumer of the packed package and squiggles what LockLeak reports.
    /// </summary>
    [Collection(PackageCollection.Name)]
    public sealed class LanguageServerTests
    {
        private const string ToolCommand = "csharp-ls";

        // Generous and bounded: on 2 shared cores csharp-ls loads the project and runs the analyzers in about 10 s
        // after didOpen; a server that has shown nothing after 4 minutes is not going to.
        private static readonly TimeSpan FirstDiagnosticsBudget = TimeSpan.FromMinutes(4);
        private static readonly TimeSpan AfterEditBudget = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

        private readonly PackageFixture fixture;
        private readonly ITestOutputHelper output;

        public LanguageServerTests(PackageFixture fixture, ITestOutputHelper output)
        {
            this.fixture = fixture;
            this.output = output;
        }

        [Fact]
        public async Task CsharpLs_AnalyzersEnabled_PullingClient_GetsEveryMarkedSpan_ThenAnEditThatReleasesTheLockClearsItsDiagnostic()
        {
            await RestoreToolAsync();
            var consumer = fixture.CreateConsumer("lsp");

            // A design-time build needs the assets file, as an editor needs the restore it runs on opening a folder.
            await DotNet.RunCheckedAsync(consumer.Directory, "restore", consumer.Project, "-tl:off", "-nr:false");

            var clock = Stopwatch.StartNew();
            using var budget = new CancellationTokenSource(FirstDiagnosticsBudget + AfterEditBudget + TimeSpan.FromMinutes(1));
            await using var server = await LanguageServer.StartAsync(fixture.RepositoryRoot, ToolCommand, consumer.Directory, AnalyzersEnabled(), pullDiagnostics: true, budget.Token);
            Report("initialize answered", clock.Elapsed);

            await server.OpenAsync(consumer.LeaksFile, ConsumerSources.Leaks.Text);
            Report("didOpen sent", clock.Elapsed);
            async Task<IReadOnlyList<LspDiagnostic>> Pull() => await server.PullDiagnosticsAsync(consumer.LeaksFile, budget.Token);

            var expected = ExpectedDiagnostics();
            var (first, firstAt) = await PollUntilAsync(server, "pulled", Pull, expected, clock, FirstDiagnosticsBudget, budget.Token);
            Report("every expected LCK diagnostic pulled", firstAt);
            AssertAsPublished(first);

            // The user types the release into StoreCache.Dispose: its LCK002 goes, every other diagnostic stays,
            // the ones below the new line one line further down.
            var (insertAt, insertion) = ReleaseInStoreCacheDispose();
            await server.ChangeAsync(consumer.LeaksFile, 2, insertAt, insertAt, insertion);
            Report("didChange sent", clock.Elapsed);
            var (after, afterAt) = await PollUntilAsync(server, "pulled", Pull, ExpectedAfterRelease(expected, insertAt), clock, AfterEditBudget, budget.Token);
            Report("StoreCache's LCK002 gone", afterAt);
            Assert.DoesNotContain(after, d => d.Code == "LCK002" && d.Message.Contains("'StoreCache'", StringComparison.Ordinal));
        }

        [Fact]
        public async Task CsharpLs_AnalyzersEnabled_ClientWithoutPull_IsPushedEveryMarkedSpan_AndOffersRefactoringsButNoLockLeakFix()
        {
            // Clients that take pushed diagnostics (textDocument/publishDiagnostics), such as Neovim before 0.10:
            // csharp-ls pushes only to a client that does not declare pull support, so this one does not.
            await RestoreToolAsync();
            var consumer = fixture.CreateConsumer("lsp-push");
            await DotNet.RunCheckedAsync(consumer.Directory, "restore", consumer.Project, "-tl:off", "-nr:false");

            var clock = Stopwatch.StartNew();
            using var budget = new CancellationTokenSource(FirstDiagnosticsBudget + (2 * AfterEditBudget) + TimeSpan.FromMinutes(1));
            await using var server = await LanguageServer.StartAsync(fixture.RepositoryRoot, ToolCommand, consumer.Directory, AnalyzersEnabled(), pullDiagnostics: false, budget.Token);
            Report("initialize answered", clock.Elapsed);

            await server.OpenAsync(consumer.LeaksFile, ConsumerSources.Leaks.Text);
            Report("didOpen sent", clock.Elapsed);

            // What the editor shows is the last push for the document: each push replaces the one before.
            Task<IReadOnlyList<LspDiagnostic>> LastPush() =>
                Task.FromResult(server.LatestPush(consumer.LeaksFile)?.Diagnostics ?? Array.Empty<LspDiagnostic>());

            var expected = ExpectedDiagnostics();
            var (first, firstAt) = await PollUntilAsync(server, "pushed", LastPush, expected, clock, FirstDiagnosticsBudget, budget.Token);
            Report($"every expected LCK diagnostic pushed (push {server.LatestPush(consumer.LeaksFile)!.Count} for the file)", firstAt);
            AssertAsPublished(first);

            // The code actions on a squiggle are Roslyn's refactorings, never LockLeak's fixes ("Release '_gate' in ...").
            // The editor guide warns about the ones that silence the warning without releasing anything: on a creation
            // in a field initializer the first action is Introduce field, which moves it into a new static field; on one
            // in a constructor the first is Introduce local (the warning stays), and Introduce parameter is offered too,
            // which moves the creation out to the callers.
            var inInitializer = Assert.Single(first, d => d.Code == "LCK001");
            var initializerActions = await CodeActionsAsync(server, consumer.LeaksFile, inInitializer, budget.Token);
            Assert.StartsWith("Introduce field", initializerActions[0].Title, StringComparison.Ordinal);
            var inConstructor = Assert.Single(first, d => d.Code == "LCK002" && d.Message.Contains("'StoreCache'", StringComparison.Ordinal));
            var constructorActions = await CodeActionsAsync(server, consumer.LeaksFile, inConstructor, budget.Token);
            Assert.StartsWith("Introduce local", constructorActions[0].Title, StringComparison.Ordinal);
            Assert.Contains(constructorActions, a => a.Title.StartsWith("Introduce parameter", StringComparison.Ordinal));

            // The user types the release into StoreCache.Dispose: the next push has every diagnostic but that one.
            var (insertAt, insertion) = ReleaseInStoreCacheDispose();
            var text = SourceText.From(ConsumerSources.Leaks.Text);
            text = text.WithChanges(new TextChange(new TextSpan(text.Lines.GetPosition(new LinePosition(insertAt.Line, insertAt.Character)), 0), insertion));
            await server.ChangeAsync(consumer.LeaksFile, 2, insertAt, insertAt, insertion);
            Report("didChange sent", clock.Elapsed);
            var afterRelease = ExpectedAfterRelease(expected, insertAt);
            var (released, releasedAt) = await PollUntilAsync(server, "pushed", LastPush, afterRelease, clock, AfterEditBudget, budget.Token);
            Report("StoreCache's LCK002 gone from the last push", releasedAt);
            Assert.DoesNotContain(released, d => d.Code == "LCK002" && d.Message.Contains("'StoreCache'", StringComparison.Ordinal));

            // The user accepts Introduce field on the LCK001 squiggle: the mutex becomes a static field shared by every
            // MailboxIndex, and LCK001 is gone from the next push with nothing released. Asked again for the current
            // text, as an editor asks whenever the user opens the menu.
            var introduceField = (await CodeActionsAsync(server, consumer.LeaksFile, Assert.Single(released, d => d.Code == "LCK001"), budget.Token))[0];
            var edits = await server.CodeActionEditsAsync(consumer.LeaksFile, introduceField, budget.Token);
            Assert.NotEmpty(edits);
            text = text.WithChanges(edits.Select(e => new TextChange(
                TextSpan.FromBounds(text.Lines.GetPosition(new LinePosition(e.StartLine, e.StartCharacter)), text.Lines.GetPosition(new LinePosition(e.EndLine, e.EndCharacter))),
                e.NewText)));
            var mailbox = text.ToString();
            mailbox = mailbox.Substring(mailbox.IndexOf("class MailboxIndex", StringComparison.Ordinal));
            mailbox = mailbox.Substring(0, mailbox.IndexOf("public bool TryEnter", StringComparison.Ordinal));
            output.WriteLine($"MailboxIndex after {introduceField.Title}:\n{mailbox}");
            Assert.Contains("static readonly Mutex", mailbox, StringComparison.Ordinal);

            await server.ReplaceTextAsync(consumer.LeaksFile, 3, text.ToString());
            Report($"didChange sent: {introduceField.Title}", clock.Elapsed);
            var remaining = released.Where(d => d.Code != "LCK001").Select(d => (d.Code, d.Message)).ToArray();
            var deadline = clock.Elapsed + AfterEditBudget;
            IReadOnlyList<LspDiagnostic> last;
            while (!(last = (await LastPush())
                .Where(d => d.Code?.StartsWith("LCK", StringComparison.Ordinal) == true)
                .OrderBy(d => d.StartLine).ThenBy(d => d.StartCharacter)
                .ToArray())
                .Select(d => (d.Code, d.Message)).SequenceEqual(remaining))
            {
                Assert.True(
                    clock.Elapsed < deadline,
                    $"After {AfterEditBudget.TotalSeconds:F0} s the last push still had\n  {string.Join("\n  ", last)}\ninstead of\n  {string.Join("\n  ", remaining)}\nServer transcript:\n{server.Transcript}");
                await Task.Delay(PollInterval, budget.Token);
            }

            Report("LCK001 gone from the last push, the lock now static", clock.Elapsed);
        }

        [Fact]
        public async Task CsharpLs_DefaultSettings_LoadsTheProjectButReportsNoLockLeakDiagnostic()
        {
            // Why the editor guide says to turn csharp.analyzersEnabled on: without it csharp-ls runs no analyzer.
            await RestoreToolAsync();
            var consumer = fixture.CreateConsumer("lsp-default");
            await DotNet.RunCheckedAsync(consumer.Directory, "restore", consumer.Project, "-tl:off", "-nr:false");

            var clock = Stopwatch.StartNew();
            using var budget = new CancellationTokenSource(FirstDiagnosticsBudget + TimeSpan.FromMinutes(1));
            await using var server = await LanguageServer.StartAsync(fixture.RepositoryRoot, ToolCommand, consumer.Directory, new JsonObject(), pullDiagnostics: true, budget.Token);
            await server.OpenAsync(consumer.LeaksFile, ConsumerSources.Leaks.Text);

            var deadline = clock.Elapsed + FirstDiagnosticsBudget;
            while (true)
            {
                var (diagnostics, resultId) = await server.PullReportAsync(consumer.LeaksFile, budget.Token);
                Assert.DoesNotContain(diagnostics, d => d.Code?.StartsWith("LCK", StringComparison.Ordinal) == true);
                if (resultId is not null)
                {
                    // The document is in the loaded project and this answer analyzed it (with the setting on, this very
                    // answer carries the LCK diagnostics): it is the verdict.
                    Report($"project loaded, {diagnostics.Count} diagnostics, none from LockLeak", clock.Elapsed);
                    return;
                }

                Assert.True(clock.Elapsed < deadline, $"csharp-ls did not load the consumer project within {FirstDiagnosticsBudget.TotalSeconds:F0} s.\n{server.Transcript}");
                await Task.Delay(PollInterval, budget.Token);
            }
        }

        // Off by default in csharp-ls: without it no analyzer runs and no LCK diagnostic ever arrives.
        private static JsonObject AnalyzersEnabled() => new() { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };

        /// <summary>Every LCK diagnostic the consumer's markup tags, 0-based as LSP counts, in document order.</summary>
        private static (string Tag, int, int, int, int)[] ExpectedDiagnostics() =>
            ConsumerSources.Leaks.Spans
                .Where(s => ConsumerSources.ReportedIds.Contains(s.Tag))
                .Select(s => (s.Tag, s.Line - 1, s.Column - 1, s.EndLine - 1, s.EndColumn - 1))
                .OrderBy(d => d.Item2).ThenBy(d => d.Item3)
                .ToArray();

        /// <summary><paramref name="expected"/> once the release is typed in at <paramref name="insertAt"/>: StoreCache's LCK002 gone, what follows one line down.</summary>
        private static (string Tag, int, int, int, int)[] ExpectedAfterRelease((string Tag, int, int, int, int)[] expected, (int Line, int Character) insertAt)
        {
            var released = ConsumerSources.Leaks.Tagged("LCK002").First();
            var after = expected
                .Where(d => !(d.Tag == "LCK002" && d.Item2 == released.Line - 1 && d.Item3 == released.Column - 1))
                .Select(d => d.Item2 >= insertAt.Line ? (d.Tag, d.Item2 + 1, d.Item3, d.Item4 + 1, d.Item5) : d)
                .ToArray();
            Assert.Equal(expected.Length - 1, after.Length);
            return after;
        }

        private void AssertAsPublished(IReadOnlyList<LspDiagnostic> diagnostics)
        {
            foreach (var diagnostic in diagnostics)
            {
                output.WriteLine("  " + diagnostic);
            }

            Assert.All(diagnostics, d =>
            {
                Assert.Equal(2, d.Severity); // LSP DiagnosticSeverity.Warning, the rules' default.
                Assert.Equal($"https://github.com/LockLeak/LockLeak/blob/main/docs/rules/{d.Code}.md", d.HelpLink);
            });
            Assert.Contains(diagnostics, d => d.Code == "LCK002" && d.Message.Contains("'StoreCache'", StringComparison.Ordinal));
        }

        private async Task<IReadOnlyList<LspCodeAction>> CodeActionsAsync(LanguageServer server, string file, LspDiagnostic squiggle, CancellationToken cancellationToken)
        {
            var actions = await server.CodeActionsAsync(file, squiggle, cancellationToken);
            output.WriteLine($"code actions on {squiggle}:");
            foreach (var action in actions)
            {
                output.WriteLine($"  {action.Title}");
            }

            Assert.NotEmpty(actions);

            // LockLeak's fixes are titled "Release ..." and "Close the handle ...".
            Assert.DoesNotContain(actions, a => a.Title.StartsWith("Release", StringComparison.Ordinal) || a.Title.StartsWith("Close the handle", StringComparison.Ordinal));
            return actions;
        }

        /// <summary>
        /// Reads the document's diagnostics (pulled, or the last push) until its LCK ones are exactly
        /// <paramref name="expected"/> (the server answers with what it has while it is still loading the project), and
        /// fails with the last answer otherwise.
        /// </summary>
        private static async Task<(IReadOnlyList<LspDiagnostic> Diagnostics, TimeSpan At)> PollUntilAsync(
            LanguageServer server,
            string how,
            Func<Task<IReadOnlyList<LspDiagnostic>>> read,
            IReadOnlyList<(string Tag, int, int, int, int)> expected,
            Stopwatch clock,
            TimeSpan budget,
            CancellationToken cancellationToken)
        {
            var deadline = clock.Elapsed + budget;
            while (true)
            {
                var all = await read();
                var last = all.Where(d => d.Code?.StartsWith("LCK", StringComparison.Ordinal) == true)
                    .OrderBy(d => d.StartLine).ThenBy(d => d.StartCharacter)
                    .ToArray();
                var actual = last.Select(d => (d.Code!, d.StartLine, d.StartCharacter, d.EndLine, d.EndCharacter)).ToArray();
                if (actual.SequenceEqual(expected))
                {
                    return (last, clock.Elapsed);
                }

                if (clock.Elapsed > deadline)
                {
                    Assert.Fail(
                        $"After {budget.TotalSeconds:F0} s csharp-ls still {how}\n  {string.Join("\n  ", last)}\n"
                        + $"instead of\n  {string.Join("\n  ", expected)}\n"
                        + $"(all {all.Count} diagnostics: {string.Join("; ", all.Select(d => d.Code))})\n"
                        + $"Server transcript:\n{server.Transcript}");
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }

        private static ((int Line, int Character) At, string Text) ReleaseInStoreCacheDispose()
        {
            // The opening brace of StoreCache.Dispose's empty body: the release goes on the line after it.
            var name = ConsumerSources.Leaks.Single("StoreCache.Dispose");
            var text = ConsumerSources.Leaks.Text;
            var brace = text.IndexOf("{\n", name.Span.End, StringComparison.Ordinal);
            var position = SourceText.From(text).Lines.GetLinePosition(brace + 2);
            return ((position.Line, position.Character), "            _lock.Dispose();\n");
        }

        private async Task RestoreToolAsync()
        {
            // The pinned version from .config/dotnet-tools.json, restored by the repository's own manifest the way
            // `dotnet test` restores every package: no global install, nothing on this machine assumed.
            var restore = await DotNet.RunAsync(fixture.RepositoryRoot, "tool", "restore");
            Assert.True(
                restore.ExitCode == 0,
                "csharp-ls could not be restored from .config/dotnet-tools.json, so the language-server test cannot run. "
                + "Run `dotnet tool restore` in the repository root and fix what it reports: it needs a NuGet source that "
                + "serves csharp-ls at the version the manifest pins, and csharp-ls needs the .NET 10 runtime.\n" + restore);
            output.WriteLine($"dotnet tool restore: {restore.Elapsed.TotalSeconds:F1} s");
        }

        private void Report(string what, TimeSpan at) =>
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{at.TotalSeconds,6:F1} s  {what}"));
    }
}
