using System.Threading;
using System.Threading.Tasks;
using LockLeak.Rules;
using LockLeak.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace LockLeak.Tests.Rules
{
    /// <summary>
    /// LCK900: every lockleak.* value LockLeak cannot read is reported, once per compilation per key and value, with
    /// the key, the value and what was expected; a valid configuration stays silent. Each test feeds the value as
    /// .editorconfig delivers it, which is what the analyzer actually receives.
    /// </summary>
    public class ConfigurationNotUnderstoodTests
    {
        private const string NoLock = "class Plain { }\n";

        private const string TypeName = "expected a fully qualified metadata name such as 'MyCo.Threading.Gate' (a nested type as 'MyCo.Outer+Gate', a generic one as 'MyCo.Gate`1'), in a comma-separated list";

        private const string KnownKeys = "LockLeak has no such option; it reads lockleak.additional_lock_types, lockleak.release_methods, lockleak.slim_needs_wait_handle, lockleak.honor_peer_suppressions";

        private static DiagnosticResult Lck900(string key, string value, string expected) =>
            new DiagnosticResult(Descriptors.ConfigurationNotUnderstood).WithArguments(key, value, expected);

        [Fact]
        public Task UnknownKey_Reported() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.slim_need_wait_handle = true\n",
            Lck900("lockleak.slim_need_wait_handle", "true", KnownKeys));

        [Theory]
        [InlineData("lockleak.slim_needs_wait_handle", "yes", "false")]
        [InlineData("lockleak.slim_needs_wait_handle", "1", "false")]
        [InlineData("lockleak.honor_peer_suppressions", "no", "true")]
        [InlineData("lockleak.honor_peer_suppressions", "off", "true")]
        public Task BooleanNotTrueOrFalse_ReportedWithTheDefaultThatApplies(string key, string value, string fallback) => Verify.DiagnosticsAsync(
            NoLock,
            $"{key} = {value}\n",
            Lck900(key, value, $"expected true or false; the default ({fallback}) applies"));

        [Fact]
        public Task BadBoolean_FallsBackToTheDefault_LCK006StillReported() => Verify.DiagnosticsAsync("""
            using System.Threading;

            class StoreContext
            {
                private readonly SemaphoreSlim _gate = {|LCK006:new SemaphoreSlim(1)|};
            }
            """,
            "lockleak.slim_needs_wait_handle = yes\n",
            Lck900("lockleak.slim_needs_wait_handle", "yes", "expected true or false; the default (false) applies"));

        [Fact]
        public Task ShortTypeName_Reported() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.additional_lock_types = MyCo.Threading.Gate, Gate\n",
            Lck900("lockleak.additional_lock_types", "Gate", TypeName + "; a name without its namespace is never resolved"));

        [Fact]
        public Task GlobalQualifiedTypeName_Reported() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.additional_lock_types = global::MyCo.Threading.Gate\n",
            Lck900("lockleak.additional_lock_types", "global::MyCo.Threading.Gate", TypeName + "; drop the 'global::'"));

        [Fact]
        public Task TypeNamesSeparatedBySpacesOnly_Reported() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.additional_lock_types = MyCo.Gate MyCo.CritSec\n",
            Lck900("lockleak.additional_lock_types", "MyCo.Gate MyCo.CritSec", TypeName));

        [Fact]
        public Task ReleaseMethodThatIsNoName_Reported() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.release_methods = Close, Shutdown()\n",
            Lck900("lockleak.release_methods", "Shutdown()", "expected a comma-separated list of method names, such as 'Close, Shutdown'; this entry never matches a method"));

        [Fact]
        public Task ListWrittenWithSemicolon_ArrivesCutAtTheSemicolon_SecondTypeIsLost() => Verify.DiagnosticsAsync("""
            using System;

            namespace MyCo
            {
                sealed class Gate : IDisposable { public void Dispose() { } }

                sealed class CritSec : IDisposable { public void Dispose() { } }

                class Store
                {
                    private readonly Gate _gate = {|LCK001:new Gate()|};
                    private readonly CritSec _section = new CritSec();
                }
            }
            """,
            // .editorconfig ends the value at ';': LockLeak receives "MyCo.Gate" and cannot know MyCo.CritSec was meant.
            "lockleak.additional_lock_types = MyCo.Gate; MyCo.CritSec\n");

        [Fact]
        public Task ListWrittenWithSemicolon_ShortFirstName_ReportsWhatArrived() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.additional_lock_types = Gate; MyCo.CritSec\n",
            Lck900("lockleak.additional_lock_types", "Gate", TypeName + "; a name without its namespace is never resolved"));

        [Fact]
        public async Task ManyTreesAndAGlobalConfig_ReportedOncePerKeyAndValue()
        {
            var test = new LockLeakTest();
            for (var i = 0; i < 8; i++)
            {
                test.TestState.Sources.Add(($"/src/File{i}.cs", $"class Plain{i} {{ }}\n"));
            }

            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nlockleak.slim_needs_wait_handle = yes\nlockleak.additional_lock_types = Gate\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/src/sub/.editorconfig", "[*.cs]\nlockleak.slim_needs_wait_handle = yes\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nlockleak.slim_needs_wait_handle = yes\nlockleak.honor_peer_suppression = true\n"));
            test.ExpectedDiagnostics.Add(Lck900("lockleak.slim_needs_wait_handle", "yes", "expected true or false; the default (false) applies"));
            test.ExpectedDiagnostics.Add(Lck900("lockleak.additional_lock_types", "Gate", TypeName + "; a name without its namespace is never resolved"));
            test.ExpectedDiagnostics.Add(Lck900("lockleak.honor_peer_suppression", "true", KnownKeys));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public async Task TwoFoldersTwoBadValues_EachReported()
        {
            var test = new LockLeakTest();
            test.TestState.Sources.Add(("/a/A.cs", "class A { }\n"));
            test.TestState.Sources.Add(("/b/B.cs", "class B { }\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/a/.editorconfig", "root = true\n\n[*.cs]\nlockleak.slim_needs_wait_handle = yes\n"));
            test.TestState.AnalyzerConfigFiles.Add(("/b/.editorconfig", "root = true\n\n[*.cs]\nlockleak.slim_needs_wait_handle = on\n"));
            test.ExpectedDiagnostics.Add(Lck900("lockleak.slim_needs_wait_handle", "yes", "expected true or false; the default (false) applies"));
            test.ExpectedDiagnostics.Add(Lck900("lockleak.slim_needs_wait_handle", "on", "expected true or false; the default (false) applies"));
            await test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task ValidConfiguration_Silent() => Verify.DiagnosticsAsync(
            NoLock,
            "lockleak.additional_lock_types = MyCo.Threading.Gate, MyCo.Native+CritSec, MyCo.Gate`1, Not.Referenced.Anywhere\n"
            + "lockleak.release_methods = Close, Shutdown\n"
            + "lockleak.slim_needs_wait_handle = True\n"
            + "lockleak.honor_peer_suppressions = false\n"
            + "dotnet_diagnostic.LCK001.severity = error\n"
            + "other_tool.some_option = whatever\n");

        [Fact]
        public async Task ValidGlobalConfig_Silent()
        {
            var test = new LockLeakTest { TestCode = NoLock };
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nlockleak.slim_needs_wait_handle = true\nlockleak.additional_lock_types = MyCo.Gate\n"));
            await test.RunAsync(CancellationToken.None);
        }
    }
}
