using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// Compiles the run variants of a batch with the shim and a generated Main into one console assembly and runs
    /// it with `dotnet exec` in a child process, so a double free or SIGSEGV kills the child, not the test host.
    /// A child that dies leaves cells without a verdict; each of those is run again alone, so the crash is
    /// pinned on the cell that causes it.
    /// </summary>
    public static class ChildRunner
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "lockleak-oracle-" + Environment.ProcessId);

        /// <summary>Why the run stage cannot run here, or null when it can.</summary>
        public static string? Unavailable =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? null : "the run needs Linux (real pthread through libc)";

        /// <summary>
        /// The interposer, built once per test run with gcc. Without gcc the run stage cannot count the real calls,
        /// and a run that counts nothing would pass every cell: so every cell fails, saying what to install, rather
        /// than the stage being skipped (the CI image has gcc; a machine without it learns why at once).
        /// </summary>
        private static readonly Lazy<Task<string?>> Interposer = new Lazy<Task<string?>>(BuildInterposerAsync);

        /// <summary>Where the preloaded library lies: beside the run assemblies, so their DllImport finds the same copy.</summary>
        private static string InterposerPath => Path.Combine(Root, "liblockleak_oracle.so");

        private static async Task<string?> BuildInterposerAsync()
        {
            Directory.CreateDirectory(Root);
            var source = Path.Combine(Root, "interposer.c");
            await File.WriteAllTextAsync(source, InterposerSource.Text).ConfigureAwait(false);
            var compiler = new[] { "/usr/bin/gcc", "/usr/local/bin/gcc", "/usr/bin/cc" }.FirstOrDefault(File.Exists)
                ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Select(d => Path.Combine(d, "gcc")).FirstOrDefault(File.Exists);
            if (compiler is null)
            {
                return "the run stage needs gcc to build the libc interposer that counts the real native calls: install gcc (apt-get install gcc)";
            }

            var start = new ProcessStartInfo(compiler) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", InterposerPath, source, "-lpthread" })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            _ = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode == 0 ? null : "gcc could not build the libc interposer: " + (await errors.ConfigureAwait(false)).Trim();
        }

        /// <summary>Runs each cell's scenarios; returns null for a pass, else the reason.</summary>
        public static async Task<Dictionary<OracleCell, string?>> RunAsync(
            IReadOnlyList<(OracleCell Cell, string RunText, string Scenario)> cells, bool implicitUsings, string batchName)
        {
            var result = new Dictionary<OracleCell, string?>();
            if (cells.Count == 0)
            {
                return result;
            }

            if (await Interposer.Value.ConfigureAwait(false) is { } missing)
            {
                foreach (var c in cells)
                {
                    result[c.Cell] = missing;
                }

                return result;
            }

            var references = await Robustness.RobustnessHarness.ReferencesAsync().ConfigureAwait(false);
            var included = cells.ToList();
            byte[]? image = null;

            // A run text that does not compile is the shim's problem or a fix's, not the batch's: drop it and say why.
            for (var attempt = 0; attempt < 3 && image is null; attempt++)
            {
                var trees = included.Select(c => CSharpSyntaxTree.ParseText(c.RunText, OracleProject.ParseOptions, path: c.Cell.Namespace + ".run.cs")).ToList();
                trees.Add(CSharpSyntaxTree.ParseText(OracleShimSource.Text, OracleProject.ParseOptions, path: "Shim.cs"));
                if (implicitUsings)
                {
                    trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings.FileText, OracleProject.ParseOptions, path: "GlobalUsings.g.cs"));
                }

                trees.Add(CSharpSyntaxTree.ParseText(RunVariant.Program(included.Select(c => (c.Cell, c.Scenario))), OracleProject.ParseOptions, path: "Program.cs"));
                var compilation = CSharpCompilation.Create(batchName, trees, references, OracleProject.CompilationOptions(false, OutputKind.ConsoleApplication));
                using var stream = new MemoryStream();
                var emit = compilation.Emit(stream);
                if (emit.Success)
                {
                    image = stream.ToArray();
                    break;
                }

                var errors = emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var broken = included.Where(c => errors.Any(e => e.Location.SourceTree?.FilePath == c.Cell.Namespace + ".run.cs")).ToList();
                if (broken.Count == 0)
                {
                    foreach (var c in included)
                    {
                        result[c.Cell] = "run assembly did not compile: " + string.Join("; ", errors.Take(3));
                    }

                    return result;
                }

                foreach (var c in broken)
                {
                    result[c.Cell] = "run variant did not compile: " + string.Join("; ", errors.Where(e => e.Location.SourceTree?.FilePath == c.Cell.Namespace + ".run.cs").Take(3));
                    included.Remove(c);
                }
            }

            if (image is null || included.Count == 0)
            {
                return result;
            }

            Directory.CreateDirectory(Root);
            var dll = Path.Combine(Root, batchName + ".dll");
            await File.WriteAllBytesAsync(dll, image).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.ChangeExtension(dll, ".runtimeconfig.json"), RuntimeConfig).ConfigureAwait(false);

            var pending = included.Select(c => c.Cell).ToList();
            while (pending.Count > 0)
            {
                var args = pending.Count == included.Count ? Array.Empty<string>() : pending.Select(c => c.Namespace).ToArray();
                var (verdicts, begun, exit) = await ExecAsync(dll, args).ConfigureAwait(false);
                foreach (var cell in pending.Where(c => verdicts.ContainsKey(c.Namespace)))
                {
                    result[cell] = verdicts[cell.Namespace];
                }

                // The child died in the cell it began last: run that one alone to pin the crash on it, then go on with the rest.
                var crashed = pending.FirstOrDefault(c => begun.Contains(c.Namespace) && !verdicts.ContainsKey(c.Namespace));
                if (crashed is not null)
                {
                    var (alone, _, aloneExit) = await ExecAsync(dll, new[] { crashed.Namespace }).ConfigureAwait(false);
                    result[crashed] = alone.TryGetValue(crashed.Namespace, out var v) ? v ?? $"passes alone, but the batch died while running it ({exit})" : $"the process died ({aloneExit})";
                }
                else if (!pending.Any(c => verdicts.ContainsKey(c.Namespace)))
                {
                    foreach (var cell in pending)
                    {
                        result[cell] = $"the run process started no cell ({exit})";
                    }
                }

                pending = pending.Where(c => !result.ContainsKey(c)).ToList();
            }

            return result;
        }

        private const string RuntimeConfig = """
            {
              "runtimeOptions": {
                "tfm": "net8.0",
                "rollForward": "LatestMajor",
                "framework": { "name": "Microsoft.NETCore.App", "version": "8.0.0" }
              }
            }
            """;

        private static async Task<(Dictionary<string, string?> Verdicts, HashSet<string> Begun, string Exit)> ExecAsync(string dll, string[] only)
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            var start = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(dll);
            foreach (var o in only)
            {
                start.ArgumentList.Add(o);
            }

            // A crashing child should die quickly and quietly, not write a dump.
            start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
            start.Environment["LD_PRELOAD"] = InterposerPath;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            _ = await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2))).ConfigureAwait(false);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
            var verdicts = new Dictionary<string, string?>(StringComparer.Ordinal);
            var begun = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in (await stdout.ConfigureAwait(false)).Split('\n'))
            {
                if (line.StartsWith("BEGIN ", StringComparison.Ordinal))
                {
                    begun.Add(line.Substring(6).Trim());
                }
                else if (line.StartsWith("PASS ", StringComparison.Ordinal))
                {
                    verdicts[line.Substring(5).Trim()] = null;
                }
                else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
                {
                    var rest = line.Substring(5);
                    var space = rest.IndexOf(' ', StringComparison.Ordinal);
                    verdicts[rest.Substring(0, space)] = rest.Substring(space + 1).Trim();
                }
            }

            var err = (await stderr.ConfigureAwait(false)).Trim();
            var tail = err.Length > 300 ? err.Substring(err.Length - 300) : err;
            return (verdicts, begun, $"exit code {process.ExitCode}{(tail.Length > 0 ? ", stderr: " + tail.Replace('\n', ' ') : string.Empty)}");
        }
    }
}
