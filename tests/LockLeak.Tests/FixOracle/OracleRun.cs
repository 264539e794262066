using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>One way of fixing one cell, checked.</summary>
    public sealed record VariantReport(FixOutcome Fix, CompiledCell? Compiled, IReadOnlyList<string> NewWarnings, string? Run, bool RunSkipped)
    {
        public bool Fixed => Fix.Changed && Fix.Failure is null;

        public bool CompiledClean => Compiled is not null && Compiled.Errors.Count == 0 && NewWarnings.Count == 0;

        public bool Silent => Compiled is not null && Compiled.LockLeak.Count == 0;

        public bool RanClean => Fixed && Compiled is { Errors.Count: 0 } && Run is null && !RunSkipped;
    }

    /// <summary>Everything the oracle found about one cell.</summary>
    public sealed record CellReport(OracleCell Cell, string Input, string? InputProblem, IReadOnlyList<string> Flagged, VariantReport? Alone, VariantReport? FixAll)
    {
        public bool IsFlagged => Flagged.Count > 0;

        /// <summary>SPEC offers no fix here, and none was offered: nothing more to check.</summary>
        public bool NoFixAsSpecified => Cell.NoFixBySpec && Alone is { Fix.Changed: false } && FixAll is { Fix.Changed: false };

        private IReadOnlyList<string>? failures;

        /// <summary>Every check that failed, each as "stage: reason"; empty when the cell passes.</summary>
        public IReadOnlyList<string> Failures() => failures ??= ComputeFailures();

        private List<string> ComputeFailures()
        {
            var failures = new List<string>();
            if (InputProblem is not null)
            {
                failures.Add("input: " + InputProblem);
                return failures;
            }

            if (!IsFlagged)
            {
                failures.Add("flagged: LockLeak reports nothing on an owner that leaks");
                return failures;
            }

            if (NoFixAsSpecified)
            {
                return failures;
            }

            Check("fix alone", Alone!, failures);
            Check("Fix All", FixAll!, failures);
            return failures;
        }

        private void Check(string way, VariantReport v, List<string> failures)
        {
            if (!v.Fixed)
            {
                failures.Add($"{way}: {v.Fix.Failure ?? "left the file unchanged"}");
                if (!v.Fix.Changed)
                {
                    return;
                }
            }

            if (v.Compiled is null)
            {
                return;
            }

            foreach (var problem in Layout(v.Fix.Text))
            {
                failures.Add($"{way}, layout: {problem}");
            }

            foreach (var e in v.Compiled.Errors)
            {
                failures.Add($"{way}, compile: error {e}");
            }

            foreach (var w in v.NewWarnings)
            {
                failures.Add($"{way}, compile: new warning {w}");
            }

            foreach (var d in v.Compiled.LockLeak)
            {
                failures.Add($"{way}, analyzer: still reports {d}");
            }

            if (v.Run is not null)
            {
                failures.Add($"{way}, run: {v.Run}");
            }
        }

        /// <summary>SPEC: the fix keeps the file's line endings, and puts usings where the file keeps them.</summary>
        private IEnumerable<string> Layout(string text)
        {
            var bareLf = text.Replace("\r\n", string.Empty, StringComparison.Ordinal).Contains('\n', StringComparison.Ordinal);
            if (Cell.File.Crlf && bareLf)
            {
                yield return "a LF line ending in a CRLF file";
            }
            else if (!Cell.File.Crlf && text.Contains('\r', StringComparison.Ordinal))
            {
                yield return "a CR line ending in a LF file";
            }

            // Where the file keeps its usings is only known when it has some.
            static (bool Outside, bool Inside) Usings(string source)
            {
                var root = (Microsoft.CodeAnalysis.CSharp.Syntax.CompilationUnitSyntax)Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot();
                return (root.Usings.Count > 0, root.Members.OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings).Any());
            }

            var before = Usings(Input);
            var after = Usings(text);
            if (before.Inside && !before.Outside && after.Outside)
            {
                yield return "a using directive outside the namespace of a file that keeps its usings inside";
            }
            else if (before.Outside && !before.Inside && after.Inside)
            {
                yield return "a using directive inside the namespace of a file that keeps its usings outside";
            }
        }
    }

    /// <summary>
    /// Drives the whole oracle: cells grouped by project settings and cut into batches; per batch, input compile and
    /// analysis, both ways of fixing, compile and analysis of each result, and a child-process run of each distinct
    /// compiling result. Two batches at a time, because CI has two cores and a child run overlaps the next compile.
    /// </summary>
    public static class OracleRun
    {
        /// <summary>Time spent per stage, summed over batches (so it can exceed the wall clock when batches overlap).</summary>
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> StageMilliseconds = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();

        private static async Task<T> Timed<T>(string stage, Func<Task<T>> work)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                return await work().ConfigureAwait(false);
            }
            finally
            {
                StageMilliseconds.AddOrUpdate(stage, clock.ElapsedMilliseconds, (_, v) => v + clock.ElapsedMilliseconds);
            }
        }

        public const int BatchSize = 120;

        private static readonly Lazy<Task<(IReadOnlyList<CellReport> Reports, TimeSpan Elapsed)>> All =
            new Lazy<Task<(IReadOnlyList<CellReport>, TimeSpan)>>(() => Task.Run(() => RunAsync(Selected())));

        /// <summary>
        /// The cells this run covers: all of them, or (for working on one corner) those whose id contains the text of
        /// LOCKLEAK_ORACLE_FILTER. A filtered run checks the known-failures list against the cells it ran only.
        /// </summary>
        public static IReadOnlyList<OracleCell> Selected()
        {
            var filter = Environment.GetEnvironmentVariable("LOCKLEAK_ORACLE_FILTER");
            return string.IsNullOrEmpty(filter)
                ? OwnerMatrix.Cells
                : OwnerMatrix.Cells.Where(c => c.Id.Contains(filter, StringComparison.Ordinal)).ToList();
        }

        public static Task<(IReadOnlyList<CellReport> Reports, TimeSpan Elapsed)> ResultAsync() => All.Value;

        public static async Task<(IReadOnlyList<CellReport> Reports, TimeSpan Elapsed)> RunAsync(IReadOnlyList<OracleCell> cells)
        {
            var clock = Stopwatch.StartNew();
            var batches = cells
                .GroupBy(c => c.File.ProjectKey)
                .SelectMany(g => g.Select((c, i) => (c, i)).GroupBy(p => p.i / BatchSize, p => p.c).Select(b => (g.Key, Cells: (IReadOnlyList<OracleCell>)b.ToList())))
                .ToList();
            using var gate = new SemaphoreSlim(2);
            var tasks = batches.Select(async (b, index) =>
            {
                await gate.WaitAsync().ConfigureAwait(false);
                try
                {
                    return await BatchAsync(b.Key, b.Cells, "batch" + index).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            var reports = (await Task.WhenAll(tasks).ConfigureAwait(false)).SelectMany(r => r).OrderBy(r => r.Cell.Ordinal).ToList();
            return (reports, clock.Elapsed);
        }

        private static async Task<IReadOnlyList<CellReport>> BatchAsync((bool, bool) settings, IReadOnlyList<OracleCell> cells, string name)
        {
            var inputs = cells.ToDictionary(c => c, OwnerSourceWriter.Write);
            var (baseline, _) = await Timed("input compile+analyze", () => OracleCompiler.CompileAsync(settings, cells, inputs)).ConfigureAwait(false);

            // A generated input must be clean itself, or a failure after the fix could be the generator's.
            var inputProblems = cells.ToDictionary(c => c, c => baseline[c].Errors.Count > 0
                ? "does not compile: " + string.Join("; ", baseline[c].Errors)
                : baseline[c].Warnings.FirstOrDefault(w => w.Contains(" CS8019 ", StringComparison.Ordinal)) is { } unused ? "has an unnecessary using: " + unused : null);
            var flagged = cells.Where(c => inputProblems[c] is null && baseline[c].LockLeak.Count > 0).ToList();

            var alone = await Timed("fix alone", () => OracleFixer.FixAloneAsync(settings, flagged, inputs)).ConfigureAwait(false);
            var fixAll = await Timed("Fix All", () => OracleFixer.FixAllAsync(settings, flagged, inputs)).ConfigureAwait(false);
            var aloneChecked = await CheckAsync(settings, flagged, alone, baseline, name + "a", null).ConfigureAwait(false);
            var fixAllChecked = await CheckAsync(settings, flagged, fixAll, baseline, name + "f", aloneChecked).ConfigureAwait(false);

            return cells.Select(c => new CellReport(
                c,
                inputs[c],
                inputProblems[c],
                baseline[c].LockLeak,
                aloneChecked.GetValueOrDefault(c),
                fixAllChecked.GetValueOrDefault(c))).ToList();
        }

        /// <summary>Compiles, analyzes and runs one way's results; reuses the run of <paramref name="same"/> where the text is the same.</summary>
        internal static async Task<Dictionary<OracleCell, VariantReport>> CheckAsync(
            (bool, bool) settings,
            IReadOnlyList<OracleCell> cells,
            Dictionary<OracleCell, FixOutcome> fixes,
            Dictionary<OracleCell, CompiledCell> baseline,
            string name,
            Dictionary<OracleCell, VariantReport>? same)
        {
            var texts = fixes.ToDictionary(p => p.Key, p => p.Value.Text);
            var (compiled, compilation) = await Timed("fixed compile+analyze", () => OracleCompiler.CompileAsync(settings, cells, texts)).ConfigureAwait(false);
            var runnable = cells.Where(c => fixes[c].Changed && compiled[c].Errors.Count == 0).ToList();

            var runs = new Dictionary<OracleCell, string?>();
            var skipped = ChildRunner.Unavailable is not null;
            if (!skipped)
            {
                var toRun = new List<(OracleCell, string, string)>();
                foreach (var cell in runnable)
                {
                    if (same is not null && same.TryGetValue(cell, out var earlier) && earlier.Fix.Text == texts[cell] && !earlier.RunSkipped && earlier.Compiled is { Errors.Count: 0 })
                    {
                        runs[cell] = earlier.Run;
                        continue;
                    }

                    var tree = compilation.SyntaxTrees.First(t => t.FilePath == OracleProject.PathOf(cell));
                    var model = compilation.GetSemanticModel(tree);
                    var owner = compilation.GetTypeByMetadataName(cell.Namespace + ".Owner");
                    if (owner is null)
                    {
                        runs[cell] = "no type Owner after the fix";
                        continue;
                    }

                    toRun.Add((cell, RunVariant.Rewrite(cell, tree, model), RunVariant.Scenario(cell, RunVariant.ShapeOf(owner))));
                }

                foreach (var (cell, verdict) in await Timed("run", () => ChildRunner.RunAsync(toRun, settings.Item1, name)).ConfigureAwait(false))
                {
                    runs[cell] = verdict;
                }
            }

            return cells.ToDictionary(
                c => c,
                c => new VariantReport(
                    fixes[c],
                    fixes[c].Changed ? compiled[c] : null,
                    fixes[c].Changed ? OracleCompiler.NewWarnings(baseline[c], compiled[c]) : Array.Empty<string>(),
                    runs.GetValueOrDefault(c),
                    skipped));
        }
    }
}
