using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>The result of one dotnet CLI run: exit code and interleaved stdout/stderr.</summary>
    public sealed record CommandResult(string CommandLine, int ExitCode, string Output, TimeSpan Elapsed)
    {
        public override string ToString() => $"> {CommandLine}\nexit code {ExitCode} after {Elapsed.TotalSeconds:F1}s\n{Output}";
    }

    /// <summary>Runs the dotnet CLI as a user would, in a clean environment.</summary>
    public static class DotNet
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

        // Set by the test host or by MSBuildLocator in this process; a child build must find its own SDK.
        private static readonly string[] InheritedMSBuildVariables =
        {
            "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE",
        };

        public static Task<CommandResult> RunAsync(string workingDirectory, params string[] arguments) =>
            RunAsync(workingDirectory, new Dictionary<string, string>(), arguments);

        public static async Task<CommandResult> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var startInfo = StartInfo(workingDirectory, environment, arguments);

            var output = new StringBuilder();
            void Append(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (output)
                {
                    output.AppendLine(line);
                }
            }

            var commandLine = "dotnet " + string.Join(" ", arguments);
            var stopwatch = Stopwatch.StartNew();
            using var process = new Process { StartInfo = startInfo };
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{commandLine}' in {workingDirectory} did not finish within {Timeout}.\n{output}");
            }

            lock (output)
            {
                return new CommandResult(commandLine, process.ExitCode, output.ToString(), stopwatch.Elapsed);
            }
        }

        /// <summary>
        /// The start info of every dotnet process the tests run, long-lived ones (a language server) included:
        /// redirected output, and the environment a user's shell would give it.
        /// </summary>
        public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
        {
            var startInfo = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (var name in InheritedMSBuildVariables)
            {
                startInfo.Environment.Remove(name);
            }

            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
            startInfo.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";

            // No process may outlive the command: a reused MSBuild node or a compiler server would keep the
            // freshly packed analyzer loaded after the test and hold our redirected output open. Without the
            // compiler server every build loads the analyzer from this run's package, so no
            // `dotnet build-server shutdown` (which would also stop other builds of this user) is needed.
            startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
            startInfo.Environment["UseSharedCompilation"] = "false";
            foreach (var (name, value) in environment)
            {
                startInfo.Environment[name] = value;
            }

            return startInfo;
        }

        public static Task<CommandResult> RunCheckedAsync(string workingDirectory, params string[] arguments) =>
            RunCheckedAsync(workingDirectory, new Dictionary<string, string>(), arguments);

        public static async Task<CommandResult> RunCheckedAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
        {
            var result = await RunAsync(workingDirectory, environment, arguments).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException("Command failed:\n" + result);
            }

            return result;
        }

        public static IReadOnlyList<string> BuildArguments(string project, params string[] extra)
        {
            // --no-incremental: analyzers only run when Csc runs. -tl:off: plain, parseable diagnostics lines.
            var arguments = new List<string> { "build", project, "--no-incremental", "-tl:off", "-nr:false", "-v:minimal", "-clp:NoSummary" };
            arguments.AddRange(extra);
            return arguments;
        }
    }
}
