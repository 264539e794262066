using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;

namespace LockLeak.Tests.Infrastructure
{
    /// <summary>Short entry points for the common test shapes.</summary>
    public static class Verify
    {
        /// <summary>Runs every rule on <paramref name="source"/>; the markup and <paramref name="expected"/> state every diagnostic.</summary>
        public static Task DiagnosticsAsync(string source, params DiagnosticResult[] expected) =>
            DiagnosticsAsync(source, editorConfig: null, expected);

        public static Task DiagnosticsAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new LockLeakTest { TestCode = source };
            AddEditorConfig(test, editorConfig);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>Runs every rule and fix: <paramref name="source"/> must fix, one at a time and with Fix All, to exactly <paramref name="fixedSource"/>.</summary>
        public static Task FixAsync(string source, string fixedSource, params DiagnosticResult[] expected) =>
            FixAsync(source, fixedSource, editorConfig: null, expected);

        public static Task FixAsync(string source, string fixedSource, string? editorConfig, params DiagnosticResult[] expected)
        {
            var test = new LockLeakTest { TestCode = source, FixedCode = fixedSource };
            AddEditorConfig(test, editorConfig);
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static void AddEditorConfig(LockLeakTest test, string? editorConfig)
        {
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
            }
        }
    }
}
