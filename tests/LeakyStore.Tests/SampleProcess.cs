using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Xunit;

namespace LeakyStore.Tests
{
    internal sealed record SampleResult(int ExitCode, string StandardOutput, string StandardError);

    /// <summary>Runs the built sample in its own process, as `dotnet LeakyStore.dll ...` would.</summary>
    internal static class SampleProcess
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

        public static async Task<SampleResult> RunAsync(params string[] arguments)
        {
            Assert.True(File.Exists(SampleFiles.ProgramPath), "The sample is not built beside the tests: " + SampleFiles.ProgramPath);
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(SampleFiles.ProgramPath);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(Timeout)) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the sample did not finish within {Timeout}: {string.Join(' ', arguments)}");
            }

            return new SampleResult(process.ExitCode, await output, await error);
        }

        /// <summary>The dotnet host that runs these tests, so the sample runs on the same runtime.</summary>
        private static string DotnetHost()
        {
            var executable = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
            if (Environment.ProcessPath is { } current && Path.GetFileName(current) == executable)
            {
                return current;
            }

            if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            {
                return hostPath;
            }

            // <root>/shared/Microsoft.NETCore.App/<version>/ is where the runtime lives; the host sits in <root>.
            var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
            var root = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
            var candidate = Path.Combine(root, executable);
            return File.Exists(candidate) ? candidate : executable;
        }
    }
}
