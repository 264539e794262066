using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The oracle's own checks, on hand-written "fixed" owners whose verdict is known: each check must be able to
    /// fail, or a green oracle means nothing. The owners are given to the same compile/analyze/run code the oracle
    /// uses for the fixes' output.
    /// </summary>
    public class OracleSelfTests
    {
        private static readonly LockSpec Pthread =
            new LockSpec(LockFamily.Pthread, string.Empty, NativeStorage.IntPtr, false, NativeMemorySource.Marshal, false, ImportStyle.DllImport, true);

        private static readonly FileSpec NoImplicitUsings = new FileSpec(false, false, false, false);

        [Fact]
        public async Task Run_DisposeThatFreesTwice_IsReportedAsDoubleFree()
        {
            var verdict = await RunAsync(Cell(90001, Pthread), NativeOwner(90001, reset: false));

            // The second Dispose destroys the lock in memory the first one freed, then frees it again.
            Assert.NotNull(verdict.Run);
            Assert.Contains("lock destroyed after its memory was freed", verdict.Run);
            Assert.Contains("double free", verdict.Run);
        }

        [Fact]
        public async Task Run_GuardedResetRelease_Passes()
        {
            var verdict = await RunAsync(Cell(90002, Pthread), NativeOwner(90002, reset: true));

            Assert.True(verdict.Compiled!.Errors.Count == 0, string.Join("\n", verdict.Compiled.Errors));
            Assert.Null(verdict.Run);
        }

        [Fact]
        public async Task Run_DisposeThatNeverFrees_IsReportedAsNotReleasedExactlyOnce()
        {
            var verdict = await RunAsync(Cell(90003, Pthread), NativeOwner(90003, reset: true).Replace("Marshal.FreeHGlobal(_mutex);", string.Empty));

            Assert.Contains("not released exactly once", verdict.Run);
        }

        [Fact]
        public async Task Run_ManagedPrimitiveLeftUndisposed_IsReported()
        {
            var source = """
                using System;
                using System.Threading;

                namespace Cell90004;

                public sealed class Owner : IDisposable
                {
                    private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                    public void Dispose()
                    {
                    }
                }
                """;

            var verdict = await RunAsync(Cell(90004, LockSpec.Managed("SemaphoreSlim")), source);

            Assert.Contains("still usable", verdict.Run);
        }

        /// <summary>A crash in one owner's Dispose is that owner's failure; the other owners of its batch still get their verdicts.</summary>
        [Fact]
        public async Task Run_CrashingOwner_IsPinnedOnItAndSparesTheBatch()
        {
            var crashing = Cell(90005, Pthread);
            var safe = Cell(90006, Pthread);
            var texts = new Dictionary<OracleCell, string>
            {
                [crashing] = NativeOwner(90005, reset: true).Replace("if (_mutex != IntPtr.Zero)", "Environment.FailFast(\"oracle self-test: a crash in Dispose\");\n        if (_mutex != IntPtr.Zero)"),
                [safe] = NativeOwner(90006, reset: true),
            };

            var verdicts = await CheckAsync(texts);

            Assert.Contains("process died", verdicts[crashing].Run);
            Assert.Null(verdicts[safe].Run);
        }

        /// <summary>
        /// The counts come from the interposed libc, not from the managed shim: the condition variable one lock size into
        /// the block is invisible to the managed free check (it looks at the block's first lock only), so only the
        /// interposer can see it freed undestroyed, and only its counts show two inits against one destroy.
        /// </summary>
        [Fact]
        public async Task Run_SecondLockOfABlockFreedUndestroyed_IsSeenByTheInterposer()
        {
            var owner = NativeOwner(90009, reset: true)
                .Replace($"Marshal.AllocHGlobal({OwnerSourceWriter.LockBytes});", $"Marshal.AllocHGlobal({2 * OwnerSourceWriter.LockBytes});\n        pthread_cond_init(_mutex + {OwnerSourceWriter.LockBytes}, IntPtr.Zero);", System.StringComparison.Ordinal)
                .Replace("    [DllImport(\"libc\")]\n    private static extern int pthread_mutex_destroy", "    [DllImport(\"libc\")]\n    private static extern int pthread_cond_init(IntPtr cond, IntPtr attr);\n\n    [DllImport(\"libc\")]\n    private static extern int pthread_mutex_destroy", System.StringComparison.Ordinal);
            Assert.Contains("pthread_cond_init(_mutex + ", owner);
            Assert.Contains("extern int pthread_cond_init", owner);

            var verdict = await RunAsync(Cell(90009, Pthread), owner);

            Assert.Contains("memory freed while the lock in it is still initialized", verdict.Run);
            Assert.Contains("lock inits 2, destroys 1, lock blocks 1, lock block frees 1", verdict.Run);
        }

        /// <summary>IDE0005 is the compiler's CS8019: a `using System;` that the implicit global usings already give is a new warning.</summary>
        [Fact]
        public async Task Compile_RedundantUsingUnderImplicitUsings_IsANewWarning()
        {
            var cell = Cell(90007, LockSpec.Managed("SemaphoreSlim"), new FileSpec(true, false, false, false));
            var input = OwnerSourceWriter.Write(cell);
            var fixedText = "using System;\n" + input;

            var verdict = (await CheckAsync(new Dictionary<OracleCell, string> { [cell] = fixedText }, new Dictionary<OracleCell, string> { [cell] = input }))[cell];

            Assert.Contains(verdict.NewWarnings, w => w.Contains("CS8019"));
        }

        /// <summary>SPEC: the fix keeps the file's line endings and puts usings where the file keeps them.</summary>
        [Fact]
        public void Layout_LfLinesInACrlfFileAndAUsingOutsideTheNamespace_AreReported()
        {
            var cell = Cell(90008, LockSpec.Managed("SemaphoreSlim"), new FileSpec(false, false, true, true));
            var input = OwnerSourceWriter.Write(cell);
            var fixedText = "using System.Linq;\r\n" + input.Replace("    public void Dispose()\r\n", "    public void Dispose()\n", System.StringComparison.Ordinal);
            var compiled = new CompiledCell(new List<string>(), new List<string>(), new List<string>());
            var variant = new VariantReport(new FixOutcome(fixedText, true, null), compiled, new List<string>(), null, false);

            var failures = new CellReport(cell, input, null, new[] { "LCK002" }, variant, variant).Failures();

            Assert.Contains(failures, f => f.Contains("a LF line ending in a CRLF file"));
            Assert.Contains(failures, f => f.Contains("a using directive outside the namespace"));
        }

        private static OracleCell Cell(int ordinal, LockSpec spec, FileSpec? file = null) =>
            new OracleCell(ordinal, OwnerKind.SealedClass, BaseShape.None, Disposal.Dispose, false, spec, file ?? NoImplicitUsings);

        private static string NativeOwner(int ordinal, bool reset) => $$"""
            using System;
            using System.Runtime.InteropServices;

            namespace Cell{{ordinal:D5}};

            public unsafe sealed class Owner : IDisposable
            {
                private IntPtr _mutex;

                public Owner()
                {
                    _mutex = Marshal.AllocHGlobal({{OwnerSourceWriter.LockBytes}});
                    pthread_mutex_init(_mutex, IntPtr.Zero);
                }

                public void Dispose()
                {
                    {{(reset ? "if (_mutex != IntPtr.Zero)" : string.Empty)}}
                    {
                        pthread_mutex_destroy(_mutex);
                        Marshal.FreeHGlobal(_mutex);
                        {{(reset ? "_mutex = IntPtr.Zero;" : string.Empty)}}
                    }
                }

                [DllImport("libc")]
                private static extern int pthread_mutex_init(IntPtr mutex, IntPtr attr);

                [DllImport("libc")]
                private static extern int pthread_mutex_destroy(IntPtr mutex);
            }
            """;

        private static async Task<VariantReport> RunAsync(OracleCell cell, string fixedText) =>
            (await CheckAsync(new Dictionary<OracleCell, string> { [cell] = fixedText }))[cell];

        /// <summary>Checks the texts as the oracle checks a fix's output, against an input that is the generated owner of each cell.</summary>
        private static async Task<Dictionary<OracleCell, VariantReport>> CheckAsync(Dictionary<OracleCell, string> texts, Dictionary<OracleCell, string>? inputs = null)
        {
            var cells = texts.Keys.ToList();
            var settings = cells[0].File.ProjectKey;
            inputs ??= cells.ToDictionary(c => c, OwnerSourceWriter.Write);
            var (baseline, _) = await OracleCompiler.CompileAsync(settings, cells, inputs);
            var fixes = cells.ToDictionary(c => c, c => new FixOutcome(texts[c], true, null));
            return await OracleRun.CheckAsync(settings, cells, fixes, baseline, "self" + cells[0].Ordinal, null);
        }
    }
}
