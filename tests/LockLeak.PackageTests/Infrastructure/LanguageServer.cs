using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>One diagnostic as an LSP server publishes it: 0-based line and UTF-16 character positions.</summary>
    public sealed record LspDiagnostic(string? Code, int StartLine, int StartCharacter, int EndLine, int EndCharacter, int? Severity, string? HelpLink, string Message)
    {
        public override string ToString() => $"{Code} [{StartLine}:{StartCharacter}-{EndLine}:{EndCharacter}] severity {Severity}: {Message}";
    }

    /// <summary>The last textDocument/publishDiagnostics for a document: what an editor that takes pushes shows for it.</summary>
    public sealed record LspPush(int? Version, IReadOnlyList<LspDiagnostic> Diagnostics, int Count);

    /// <summary>One text edit of a code action: 0-based line and UTF-16 character positions, as LSP counts.</summary>
    public sealed record LspTextEdit(int StartLine, int StartCharacter, int EndLine, int EndCharacter, string NewText);

    /// <summary>A code action as the server offers it: its title, and the whole object for codeAction/resolve.</summary>
    public sealed record LspCodeAction(string Title, string? Kind, JsonElement Raw);

    /// <summary>
    /// A minimal LSP client over stdio for the tests: the editor side of the conversation, no more. StreamJsonRpc does
    /// the framing (LSP's Content-Length headers are its <see cref="HeaderDelimitedMessageHandler"/>) and the
    /// request/response bookkeeping; this class only knows the handful of LSP messages an editor needs to open and
    /// edit a file, pull or receive its diagnostics and list its code actions, written as JSON because no LSP type
    /// library is worth a dependency here.
    /// </summary>
    public sealed class LanguageServer : IAsyncDisposable
    {
        private readonly Process process;
        private readonly JsonRpc rpc;
        private readonly StringBuilder transcript = new();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Dictionary<string, LspPush> pushes = new(StringComparer.Ordinal);

        private LanguageServer(Process process, JsonObject settings)
        {
            this.process = process;
            var handler = new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, new SystemTextJsonFormatter());
            rpc = new JsonRpc(handler);
            rpc.AddLocalRpcTarget(new EditorSide(this, settings));
            rpc.StartListening();
        }

        /// <summary>Server stderr and the log and progress notifications it sent, with the time since start: the first thing to read when a test fails.</summary>
        public string Transcript
        {
            get
            {
                lock (transcript)
                {
                    return transcript.ToString();
                }
            }
        }

        /// <summary>
        /// Starts `dotnet tool run &lt;command&gt;` in <paramref name="toolDirectory"/> (where the tool manifest is) and
        /// initializes it on <paramref name="workspaceFolder"/>, answering its workspace/configuration requests for the
        /// sections in <paramref name="settings"/> (and pushing them once with didChangeConfiguration), as editors do.
        /// With <paramref name="pullDiagnostics"/> the client declares the textDocument/diagnostic capability; without it
        /// it declares publishDiagnostics only, as Neovim before 0.10, Eglot and Helix do, and csharp-ls then pushes.
        /// </summary>
        public static async Task<LanguageServer> StartAsync(string toolDirectory, string command, string workspaceFolder, JsonObject settings, bool pullDiagnostics, CancellationToken cancellationToken)
        {
            var startInfo = DotNet.StartInfo(toolDirectory, new Dictionary<string, string>(), new[] { "tool", "run", command });
            startInfo.RedirectStandardInput = true;
            var process = new Process { StartInfo = startInfo };
            process.Start();
            var server = new LanguageServer(process, settings);
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    server.Log("stderr", e.Data);
                }
            };
            process.BeginErrorReadLine();

            var textDocument = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = true, ["didSave"] = false },
                ["publishDiagnostics"] = new JsonObject { ["relatedInformation"] = true, ["codeDescriptionSupport"] = true, ["versionSupport"] = true },
                ["codeAction"] = new JsonObject
                {
                    // What Neovim declares: code action literals, resolved lazily for their edit.
                    ["codeActionLiteralSupport"] = new JsonObject
                    {
                        ["codeActionKind"] = new JsonObject { ["valueSet"] = new JsonArray("", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports") },
                    },
                    ["dataSupport"] = true,
                    ["resolveSupport"] = new JsonObject { ["properties"] = new JsonArray("edit") },
                },
            };
            if (pullDiagnostics)
            {
                // csharp-ls pushes only to a client that does not declare this: a client that pulls gets no pushes at all.
                textDocument["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true, ["relatedDocumentSupport"] = false };
            }

            var folderUri = new Uri(Path.TrimEndingDirectorySeparator(workspaceFolder) + Path.DirectorySeparatorChar).AbsoluteUri;
            var initialize = new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["clientInfo"] = new JsonObject { ["name"] = "LockLeak.PackageTests" },
                ["rootUri"] = folderUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = folderUri, ["name"] = "consumer" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject
                    {
                        ["configuration"] = true,
                        ["workspaceFolders"] = true,
                        ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = false },
                    },
                    ["textDocument"] = textDocument,
                    ["window"] = new JsonObject { ["workDoneProgress"] = true },
                },
            };
            try
            {
                await server.rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", initialize, cancellationToken).ConfigureAwait(false);
                server.Log("client", "initialize answered");
                await server.rpc.NotifyWithParameterObjectAsync("initialized", new { }).ConfigureAwait(false);
                await server.rpc.NotifyWithParameterObjectAsync("workspace/didChangeConfiguration", new { settings }).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // No server may outlive a failed start; the transcript says why it failed.
                await server.DisposeAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"'dotnet tool run {command}' did not initialize.\n{server.Transcript}", exception);
            }

            return server;
        }

        public Task OpenAsync(string path, string text) =>
            rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new
            {
                textDocument = new { uri = new Uri(path).AbsoluteUri, languageId = "csharp", version = 1, text },
            });

        /// <summary>An incremental edit, as editors send keystrokes: <paramref name="text"/> replaces the range.</summary>
        public Task ChangeAsync(string path, int version, (int Line, int Character) start, (int Line, int Character) end, string text) =>
            rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
            {
                textDocument = new { uri = new Uri(path).AbsoluteUri, version },
                contentChanges = new[]
                {
                    new
                    {
                        range = new { start = new { line = start.Line, character = start.Character }, end = new { line = end.Line, character = end.Character } },
                        text,
                    },
                },
            });

        /// <summary>A didChange that replaces the whole text, as an editor may send after applying a code action.</summary>
        public Task ReplaceTextAsync(string path, int version, string text) =>
            rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
            {
                textDocument = new { uri = new Uri(path).AbsoluteUri, version },
                contentChanges = new[] { new { text } },
            });

        /// <summary>textDocument/diagnostic: the document's diagnostics for its current text, in full.</summary>
        public async Task<IReadOnlyList<LspDiagnostic>> PullDiagnosticsAsync(string path, CancellationToken cancellationToken) =>
            (await PullReportAsync(path, cancellationToken).ConfigureAwait(false)).Diagnostics;

        /// <summary>
        /// textDocument/diagnostic with the report's resultId, which csharp-ls only sets once the document belongs to a
        /// loaded project (before that it answers an empty report without one).
        /// </summary>
        public async Task<(IReadOnlyList<LspDiagnostic> Diagnostics, string? ResultId)> PullReportAsync(string path, CancellationToken cancellationToken)
        {
            var report = await rpc.InvokeWithParameterObjectAsync<JsonElement>(
                "textDocument/diagnostic",
                new { textDocument = new { uri = new Uri(path).AbsoluteUri } },
                cancellationToken).ConfigureAwait(false);
            if (report.ValueKind != JsonValueKind.Object || !report.TryGetProperty("items", out var items))
            {
                return (Array.Empty<LspDiagnostic>(), null);
            }

            var resultId = report.TryGetProperty("resultId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            return (items.EnumerateArray().Select(Parse).ToArray(), resultId);
        }

        /// <summary>The last push for the document, or null while the server has pushed nothing for it.</summary>
        public LspPush? LatestPush(string path)
        {
            lock (pushes)
            {
                return pushes.TryGetValue(new Uri(path).AbsoluteUri, out var push) ? push : null;
            }
        }

        /// <summary>textDocument/codeAction for the range of <paramref name="diagnostic"/>, with it as the context, as an editor asks on a squiggle.</summary>
        public async Task<IReadOnlyList<LspCodeAction>> CodeActionsAsync(string path, LspDiagnostic diagnostic, CancellationToken cancellationToken)
        {
            var range = new
            {
                start = new { line = diagnostic.StartLine, character = diagnostic.StartCharacter },
                end = new { line = diagnostic.EndLine, character = diagnostic.EndCharacter },
            };
            var actions = await rpc.InvokeWithParameterObjectAsync<JsonElement>(
                "textDocument/codeAction",
                new
                {
                    textDocument = new { uri = new Uri(path).AbsoluteUri },
                    range,
                    context = new { diagnostics = new[] { new { range, severity = diagnostic.Severity, code = diagnostic.Code, source = "lsp", message = diagnostic.Message } } },
                },
                cancellationToken).ConfigureAwait(false);
            if (actions.ValueKind != JsonValueKind.Array)
            {
                return Array.Empty<LspCodeAction>();
            }

            return actions.EnumerateArray()
                .Select(a => new LspCodeAction(
                    a.GetProperty("title").GetString() ?? "",
                    a.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
                    a.Clone()))
                .ToArray();
        }

        /// <summary>
        /// The edits the action makes to <paramref name="path"/>, resolving it first when the server sent it without
        /// its edit: what the user gets by choosing it.
        /// </summary>
        public async Task<IReadOnlyList<LspTextEdit>> CodeActionEditsAsync(string path, LspCodeAction action, CancellationToken cancellationToken)
        {
            var resolved = action.Raw.TryGetProperty("edit", out _)
                ? action.Raw
                : await rpc.InvokeWithParameterObjectAsync<JsonElement>("codeAction/resolve", action.Raw, cancellationToken).ConfigureAwait(false);
            if (!resolved.TryGetProperty("edit", out var edit))
            {
                return Array.Empty<LspTextEdit>();
            }

            var uri = new Uri(path).AbsoluteUri;
            var edits = new List<JsonElement>();
            if (edit.TryGetProperty("changes", out var changes))
            {
                edits.AddRange(changes.EnumerateObject().Where(d => new Uri(d.Name).AbsoluteUri == uri).SelectMany(d => d.Value.EnumerateArray()));
            }

            if (edit.TryGetProperty("documentChanges", out var documentChanges))
            {
                edits.AddRange(documentChanges.EnumerateArray()
                    .Where(d => d.TryGetProperty("edits", out _) && new Uri(d.GetProperty("textDocument").GetProperty("uri").GetString()!).AbsoluteUri == uri)
                    .SelectMany(d => d.GetProperty("edits").EnumerateArray()));
            }

            return edits.Select(e =>
            {
                var range = e.GetProperty("range");
                var start = range.GetProperty("start");
                var end = range.GetProperty("end");
                return new LspTextEdit(
                    start.GetProperty("line").GetInt32(),
                    start.GetProperty("character").GetInt32(),
                    end.GetProperty("line").GetInt32(),
                    end.GetProperty("character").GetInt32(),
                    e.GetProperty("newText").GetString() ?? "");
            }).ToArray();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                using var polite = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await rpc.InvokeWithCancellationAsync<JsonElement>("shutdown", null, polite.Token).ConfigureAwait(false);
                await rpc.NotifyAsync("exit").ConfigureAwait(false);
                await process.WaitForExitAsync(polite.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ConnectionLostException or RemoteInvocationException or ObjectDisposedException or IOException)
            {
                // A server that does not leave politely is stopped below; the test's verdict does not depend on it.
            }
            finally
            {
                rpc.Dispose();
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }

        private static LspDiagnostic Parse(JsonElement diagnostic)
        {
            var range = diagnostic.GetProperty("range");
            var start = range.GetProperty("start");
            var end = range.GetProperty("end");
            string? code = diagnostic.TryGetProperty("code", out var c) ? (c.ValueKind == JsonValueKind.String ? c.GetString() : c.ToString()) : null;
            int? severity = diagnostic.TryGetProperty("severity", out var s) ? s.GetInt32() : null;
            string? help = diagnostic.TryGetProperty("codeDescription", out var d) && d.TryGetProperty("href", out var href) ? href.GetString() : null;
            return new LspDiagnostic(
                code,
                start.GetProperty("line").GetInt32(),
                start.GetProperty("character").GetInt32(),
                end.GetProperty("line").GetInt32(),
                end.GetProperty("character").GetInt32(),
                severity,
                help,
                diagnostic.GetProperty("message").GetString() ?? "");
        }

        private void Log(string source, string line)
        {
            lock (transcript)
            {
                transcript.Append('[').Append(clock.Elapsed.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).Append("s ").Append(source).Append("] ").AppendLine(line);
            }
        }

        /// <summary>The requests and notifications a server sends its editor.</summary>
        private sealed class EditorSide
        {
            private readonly LanguageServer owner;
            private readonly JsonObject settings;

            public EditorSide(LanguageServer owner, JsonObject settings)
            {
                this.owner = owner;
                this.settings = settings;
            }

            [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
            public JsonNode?[] Configuration(JsonElement parameters)
            {
                // One answer per requested section, null for a section the editor has no settings for.
                var answers = new List<JsonNode?>();
                foreach (var item in parameters.GetProperty("items").EnumerateArray())
                {
                    var section = item.TryGetProperty("section", out var name) ? name.GetString() : null;
                    answers.Add(section is not null && settings[section] is { } value ? value.DeepClone() : null);
                }

                owner.Log("server", "workspace/configuration " + parameters.GetRawText() + " -> " + string.Join(", ", answers.Select(a => a?.ToJsonString() ?? "null")));
                return answers.ToArray();
            }

            [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
            public object? RegisterCapability(JsonElement parameters)
            {
                owner.Log("server", "client/registerCapability " + parameters.GetRawText());
                return null;
            }

            [JsonRpcMethod("client/unregisterCapability", UseSingleObjectParameterDeserialization = true)]
            public object? UnregisterCapability(JsonElement parameters) => null;

            [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
            public object? CreateProgress(JsonElement parameters) => null;

            [JsonRpcMethod("workspace/diagnostic/refresh")]
            public object? RefreshDiagnostics()
            {
                owner.Log("server", "workspace/diagnostic/refresh");
                return null;
            }

            [JsonRpcMethod("workspace/semanticTokens/refresh")]
            public object? RefreshSemanticTokens() => null;

            [JsonRpcMethod("window/logMessage", UseSingleObjectParameterDeserialization = true)]
            public void LogMessage(JsonElement parameters) => owner.Log("log", parameters.GetProperty("message").GetString() ?? "");

            [JsonRpcMethod("window/showMessage", UseSingleObjectParameterDeserialization = true)]
            public void ShowMessage(JsonElement parameters) => owner.Log("show", parameters.GetProperty("message").GetString() ?? "");

            [JsonRpcMethod("$/progress", UseSingleObjectParameterDeserialization = true)]
            public void Progress(JsonElement parameters) => owner.Log("progress", parameters.GetProperty("value").GetRawText());

            [JsonRpcMethod("$/logTrace", UseSingleObjectParameterDeserialization = true)]
            public void LogTrace(JsonElement parameters) => owner.Log("trace", parameters.GetProperty("message").GetString() ?? "");

            [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
            public void PublishDiagnostics(JsonElement parameters)
            {
                var uri = new Uri(parameters.GetProperty("uri").GetString()!).AbsoluteUri;
                int? version = parameters.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
                var diagnostics = parameters.GetProperty("diagnostics").EnumerateArray().Select(Parse).ToArray();
                lock (owner.pushes)
                {
                    var count = owner.pushes.TryGetValue(uri, out var previous) ? previous.Count + 1 : 1;
                    owner.pushes[uri] = new LspPush(version, diagnostics, count);
                }

                owner.Log("push", $"{uri} version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}: {diagnostics.Length} diagnostics {string.Join(" ", diagnostics.Select(d => d.Code))}");
            }
        }
    }
}
