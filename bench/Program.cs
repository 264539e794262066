using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LockLeak.Bench
{
    /// <summary>
    /// Measures LockLeak beside the disposal rules of NetAnalyzers and IDisposableAnalyzers on generated code bases.
    /// Usage: dotnet run -c Release --project bench -- [--sizes 1000,10000,50000] [--large-lines 5000] [--no-peers] [--di-constructors]
    /// </summary>
    public static class Program
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        /// <summary>--serial: concurrentAnalysis off, for profiling (callback times free of contention between the two cores).</summary>
        private static bool Serial { get; set; }

        /// <summary>
        /// Each analysis run is repeated and the fastest kept: on a shared 2-core machine the minimum is the measurement
        /// least disturbed by other processes. Five, not three: single 10k runs of one build spread from 56 to 110 ms
        /// (a collection pause or a descheduled thread during one callback is charged to it), and the fastest of three
        /// landed anywhere from 68 to 83 ms.
        /// </summary>
        private static int Repeat { get; set; } = 5;

        public static async Task<int> Main(string[] args)
        {
            var sizes = new List<int> { 1000, 10000, 50000 };
            var largeLines = 5000;
            var peers = true;
            var probes = false;
            for (var a = 0; a < args.Length; a++)
            {
                switch (args[a])
                {
                    case "--sizes" when a + 1 < args.Length:
                        sizes = args[++a].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(s => int.Parse(s, Inv)).ToList();
                        break;
                    case "--large-lines" when a + 1 < args.Length:
                        largeLines = int.Parse(args[++a], Inv);
                        break;
                    case "--di-constructors":
                        SolutionGenerator.DiConstructors = true;
                        break;
                    case "--no-peers":
                        peers = false;
                        break;
                    case "--repeat" when a + 1 < args.Length:
                        Repeat = int.Parse(args[++a], Inv);
                        break;
                    case "--serial":
                        Serial = true;
                        break;
                    case "--probes":
                        probes = true;
                        break;
                    default:
                        Console.Error.WriteLine($"unknown argument '{args[a]}'; usage: --sizes 1000,10000,50000 [--large-lines 5000] [--no-peers] [--di-constructors]");
                        return 2;
                }
            }

#if DEBUG
            Console.Error.WriteLine("warning: Debug build; measure with -c Release");
#endif
            var references = References.Load(out var referenceSource);
            var sets = new List<AnalyzerSet> { AnalyzerSets.Baseline(), AnalyzerSets.LockLeak() };
            if (probes)
            {
                sets.Add(Probes.OperationBlocks());
                sets.Add(Probes.OperationBlocksAndCreations());
                sets.Add(Probes.FiveTimes());
                sets.Add(Probes.FourEmptySymbolStarts());
                sets.Add(Probes.OneEmptySymbolStart());
            }

            if (peers)
            {
                sets.Add(AnalyzerSets.NetAnalyzers());
                sets.Add(AnalyzerSets.IDisposableAnalyzers());
            }

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
            Console.WriteLine($"references: {referenceSource}");
            foreach (var set in sets.Skip(1))
            {
                Console.WriteLine($"{set.Name}: {set.Analyzers.Length} analyzers ({string.Join(", ", set.Analyzers.Select(a => a.GetType().Name))}) for {string.Join(", ", set.Rules.OrderBy(r => r, StringComparer.Ordinal))}");
            }

            // Warm-up: JIT the compiler and every analyzer before anything is timed. Every lock shape must be in it (one
            // type in a hundred owns a lock, cycling through the shapes): with 300 types, 3 shapes of 14 were, and the
            // first timed run at 10,000 types JIT'd the rest, three to four times the time of the runs after it.
            var warmUp = (SolutionGenerator.LockShapes + 1) * 100;
            Console.WriteLine($"warm-up ({warmUp} types, every lock shape)...");
            await MeasureSizeAsync(warmUp, references, sets, quiet: true).ConfigureAwait(false);

            var results = new List<SizeResult>();
            foreach (var size in sizes)
            {
                Console.WriteLine($"measuring {size:N0} types...");
                results.Add(await MeasureSizeAsync(size, references, sets, quiet: false).ConfigureAwait(false));
            }

            Console.WriteLine();
            PrintTables(results, sets);

            Console.WriteLine();
            Console.WriteLine($"single file of ~{largeLines:N0} lines, analysed alone (GetAnalyzerSemanticDiagnosticsAsync on its tree) in a project of {sizes.Min():N0} other types:");
            await MeasureLargeFileAsync(sizes.Min(), largeLines, references, sets).ConfigureAwait(false);
            return results.Any(r => r.Exceptions > 0 || r.CompileErrors > 0) ? 1 : 0;
        }

        private static CSharpCompilation CreateCompilation(IEnumerable<SyntaxTree> trees, ImmutableArray<MetadataReference> references)
        {
            // The peers' rules are off by default (CA2000, CA2213, CA1001 in NetAnalyzers 10); the benchmark turns them on.
            var severities = AnalyzerSets.NetRules.Union(AnalyzerSets.IdispRules)
                .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                concurrentBuild: true,
                specificDiagnosticOptions: severities);
            return CSharpCompilation.Create("Generated", trees, references, options);
        }

        private static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.CSharp12);

        private static async Task<SizeResult> MeasureSizeAsync(int size, ImmutableArray<MetadataReference> references, List<AnalyzerSet> sets, bool quiet)
        {
            var files = SolutionGenerator.Generate(size);
            var lines = files.Sum(f => f.Text.Count(c => c == '\n'));
            Collect();
            var sw = Stopwatch.StartNew();
            var trees = files.AsParallel().AsOrdered()
                .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path))
                .ToList();
            var parseMs = sw.Elapsed.TotalMilliseconds;

            // Compile time = declaration + binding of every member body with all compiler diagnostics (what a build
            // does before emit), measured on a fresh compilation: GetDiagnostics(), no Emit.
            Collect();
            sw.Restart();
            var compilation = CreateCompilation(trees, references);
            var compileDiagnostics = compilation.GetDiagnostics();
            var compileMs = sw.Elapsed.TotalMilliseconds;
            var errors = compileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                Console.Error.WriteLine($"  generated code has {errors.Count} compile errors, first: {errors[0]}");
            }

            // What a build does: the same, plus lowering and IL/PE emit, on another fresh compilation. This is the
            // compile time the share is measured against; binding alone is reported beside it as the stricter figure.
            Collect();
            sw.Restart();
            using (var peStream = new MemoryStream())
            {
                var emitted = CreateCompilation(trees, references).Emit(peStream);
                if (!emitted.Success)
                {
                    Console.Error.WriteLine($"  emit failed: {emitted.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)}");
                }
            }

            var emitMs = sw.Elapsed.TotalMilliseconds;
            var result = new SizeResult(size, files.Count, lines, parseMs, compileMs, emitMs, errors.Count);
            foreach (var set in sets)
            {
                var run = await RunSetAsync(compilation, set, tree: null).ConfigureAwait(false);
                // Small code bases run in well under a second, where one collection pause (tens of milliseconds under
                // Server GC) charged to a callback is most of the figure: they get more runs to keep the fastest of.
                var runs = quiet ? 1 : Math.Max(Repeat, Math.Min(10, Repeat * 10_000 / Math.Max(size, 1)));
                for (var again = 1; again < runs; again++)
                {
                    var next = await RunSetAsync(compilation, set, tree: null).ConfigureAwait(false);
                    run = run with
                    {
                        ExecutionMs = Math.Min(run.ExecutionMs, next.ExecutionMs),
                        WallMs = Math.Min(run.WallMs, next.WallMs),
                        AllocatedBytes = Math.Min(run.AllocatedBytes, next.AllocatedBytes),
                        Exceptions = run.Exceptions + next.Exceptions,
                        PerAnalyzer = run.PerAnalyzer.ToDictionary(p => p.Key, p => Math.Min(p.Value, next.PerAnalyzer[p.Key]), StringComparer.Ordinal),
                        GcPauseMs = next.ExecutionMs < run.ExecutionMs ? next.GcPauseMs : run.GcPauseMs,
                        Collections = next.ExecutionMs < run.ExecutionMs ? next.Collections : run.Collections,
                    };
                }

                result.Runs[set.Name] = run;
                result.Exceptions += run.Exceptions;
                if (!quiet)
                {
                    Console.WriteLine($"  {set.Name,-20} analyzer time {run.ExecutionMs,10:F0} ms  run wall {run.WallMs,9:F0} ms  allocated {Mb(run.AllocatedBytes),8:F0} MB  diagnostics {run.Diagnostics,6}  GC pause {run.GcPauseMs,6:F0} ms ({run.Collections}){(run.Exceptions > 0 ? $"  EXCEPTIONS {run.Exceptions}" : string.Empty)}");
                    if (set.Name == "LockLeak")
                    {
                        Console.WriteLine("    " + string.Join("  ", run.PerAnalyzer.Select(p => $"{p.Key} {p.Value:F0} ms")));
                        Console.WriteLine("    " + string.Join("  ", run.ById.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
                        var expected = Enumerable.Range(0, size).Where(SolutionGenerator.IsLockType)
                            .Count(i => SolutionGenerator.ShapeLeaks((i / 100) % SolutionGenerator.LockShapes));
                        Console.WriteLine($"    lock-owning types {Enumerable.Range(0, size).Count(SolutionGenerator.IsLockType)}, of which leaking (one diagnostic each expected) {expected}");
                    }
                }
            }

            if (!quiet)
            {
                Console.WriteLine($"  files {files.Count}, lines {lines:N0}, parse {parseMs:F0} ms, bind (GetDiagnostics) {compileMs:F0} ms, compile (Emit) {emitMs:F0} ms");
            }

            return result;
        }

        private static async Task<RunResult> RunSetAsync(Compilation compilation, AnalyzerSet set, SyntaxTree? tree)
        {
            var exceptions = 0;
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    if (Interlocked.Increment(ref exceptions) <= 3)
                    {
                        Console.Error.WriteLine($"  analyzer exception in {analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}");
                    }
                },
                concurrentAnalysis: !Serial,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false);

            Collect();
            var pauseBefore = GC.GetTotalPauseDuration();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var sw = Stopwatch.StartNew();
            var withAnalyzers = compilation.WithAnalyzers(set.Analyzers, options);
            var diagnostics = tree is null
                ? await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false)
                : await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(withAnalyzers.Compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None).ConfigureAwait(false);
            var wallMs = sw.Elapsed.TotalMilliseconds;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var gcPauseMs = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            var collections = $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}";

            var perAnalyzer = new Dictionary<string, double>(StringComparer.Ordinal);
            double total = 0;
            foreach (var analyzer in set.Analyzers)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false);
                var ms = telemetry.ExecutionTime.TotalMilliseconds;
                total += ms;
                var key = analyzer.GetType().Name;
                perAnalyzer[key] = perAnalyzer.TryGetValue(key, out var existing) ? existing + ms : ms;
            }

            var relevant = diagnostics.Where(d => set.Rules.Contains(d.Id) || d.Id == "AD0001").ToList();
            var byId = relevant.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            return new RunResult(total, wallMs, allocated, relevant.Count, exceptions + (byId.TryGetValue("AD0001", out var ad) ? ad : 0), perAnalyzer, byId, gcPauseMs, collections);
        }

        private static async Task MeasureLargeFileAsync(int projectSize, int lines, ImmutableArray<MetadataReference> references, List<AnalyzerSet> sets)
        {
            var large = SolutionGenerator.GenerateLargeFile(lines);
            var trees = SolutionGenerator.Generate(projectSize)
                .Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, f.Path))
                .ToList();
            var largeTree = CSharpSyntaxTree.ParseText(large.Text, ParseOptions, large.Path);
            trees.Add(largeTree);
            var compilation = CreateCompilation(trees, references);

            Collect();
            var sw = Stopwatch.StartNew();
            var fileErrors = compilation.GetSemanticModel(largeTree).GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            var bindMs = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine();
            Console.WriteLine($"| file | lines | binding the file (semantic model diagnostics) | analyzer set | analyzer time | wall time of the analysis | diagnostics |");
            Console.WriteLine($"|---|---:|---:|---|---:|---:|---:|");
            foreach (var set in sets.Skip(1))
            {
                // Twice: the first run pays for declaring the project in the analysis compilation, the second is the
                // steady state of an editor that analyses the file again after a keystroke.
                await RunSetAsync(compilation, set, largeTree).ConfigureAwait(false);
                var run = await RunSetAsync(compilation, set, largeTree).ConfigureAwait(false);
                Console.WriteLine($"| {Path.GetFileName(large.Path)} | {large.Text.Count(c => c == '\n'):N0} | {bindMs:F0} ms{(fileErrors > 0 ? $" ({fileErrors} errors!)" : string.Empty)} | {set.Name} | {run.ExecutionMs:F1} ms | {run.WallMs:F0} ms | {run.Diagnostics} |");
            }
        }

        private static void PrintTables(List<SizeResult> results, List<AnalyzerSet> sets)
        {
            var peers = sets.Skip(2).ToList();
            Console.WriteLine("Analyzer time = sum of AnalyzerTelemetryInfo.ExecutionTime over the set's analyzers (concurrent analysis, so CPU time across both cores).");
            Console.WriteLine("Compile = fresh CSharpCompilation.Emit() (what a build does); bind = fresh CSharpCompilation.GetDiagnostics() (declare and bind everything, no emit).");
            Console.WriteLine();
            var header = "| types | files | lines | compile (emit) | bind only | LockLeak | % of compile | % of bind |";
            var rule = "|---:|---:|---:|---:|---:|---:|---:|---:|";
            foreach (var p in peers)
            {
                header += $" {p.Name} | LockLeak : {p.Name} |";
                rule += "---:|---:|";
            }

            Console.WriteLine(header);
            Console.WriteLine(rule);
            foreach (var r in results)
            {
                var ll = r.Runs["LockLeak"].ExecutionMs;
                var line = $"| {r.Size:N0} | {r.Files:N0} | {r.Lines:N0} | {r.EmitMs:N0} ms | {r.CompileMs:N0} ms | {ll:N0} ms | {100 * ll / r.EmitMs:F2} % | {100 * ll / r.CompileMs:F2} % |";
                foreach (var p in peers)
                {
                    var pm = r.Runs[p.Name].ExecutionMs;
                    line += $" {pm:N0} ms | 1 : {pm / Math.Max(ll, 0.001):F1} |";
                }

                Console.WriteLine(line);
            }

            Console.WriteLine();
            Console.WriteLine("Managed memory allocated by the whole analysis run (GC.GetTotalAllocatedBytes; the run re-binds the compilation):");
            Console.WriteLine();
            var mheader = "| types | baseline (no-op analyzer) | with LockLeak | LockLeak's own |";
            var mrule = "|---:|---:|---:|---:|";
            foreach (var p in peers)
            {
                mheader += $" with {p.Name} | {p.Name}'s own |";
                mrule += "---:|---:|";
            }

            Console.WriteLine(mheader);
            Console.WriteLine(mrule);
            foreach (var r in results)
            {
                var b = r.Runs["(none)"].AllocatedBytes;
                var line = $"| {r.Size:N0} | {Mb(b):N0} MB | {Mb(r.Runs["LockLeak"].AllocatedBytes):N0} MB | {Mb(r.Runs["LockLeak"].AllocatedBytes - b):N1} MB |";
                foreach (var p in peers)
                {
                    line += $" {Mb(r.Runs[p.Name].AllocatedBytes):N0} MB | {Mb(r.Runs[p.Name].AllocatedBytes - b):N1} MB |";
                }

                Console.WriteLine(line);
            }

            Console.WriteLine();
            Console.WriteLine("Diagnostics reported (rules of the set only):");
            Console.WriteLine();
            Console.WriteLine("| types | " + string.Join(" | ", sets.Skip(1).Select(s => s.Name)) + " |");
            Console.WriteLine("|---:|" + string.Concat(sets.Skip(1).Select(_ => "---|")));
            foreach (var r in results)
            {
                Console.WriteLine($"| {r.Size:N0} | " + string.Join(" | ", sets.Skip(1).Select(s => string.Join(", ", r.Runs[s.Name].ById.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}")))) + " |");
            }

            if (results.Count >= 2)
            {
                var first = results[0];
                var last = results[^1];
                double Exponent(double t1, double t2) => Math.Log(t2 / t1) / Math.Log((double)last.Size / first.Size);
                Console.WriteLine();
                Console.WriteLine($"Growth exponent from {first.Size:N0} to {last.Size:N0} types (log(t2/t1)/log(n2/n1); 1 = linear):");
                Console.WriteLine();
                Console.WriteLine("| measure | exponent |");
                Console.WriteLine("|---|---:|");
                Console.WriteLine($"| compile (emit) | {Exponent(first.EmitMs, last.EmitMs):F2} |");
                Console.WriteLine($"| bind only | {Exponent(first.CompileMs, last.CompileMs):F2} |");
                foreach (var s in sets.Skip(1))
                {
                    Console.WriteLine($"| {s.Name} analyzer time | {Exponent(first.Runs[s.Name].ExecutionMs, last.Runs[s.Name].ExecutionMs):F2} |");
                }

                var b1 = first.Runs["(none)"].AllocatedBytes;
                var b2 = last.Runs["(none)"].AllocatedBytes;
                Console.WriteLine($"| LockLeak's own allocation | {Exponent(first.Runs["LockLeak"].AllocatedBytes - b1, last.Runs["LockLeak"].AllocatedBytes - b2):F2} |");
            }
        }

        private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);

        private static void Collect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        private sealed class SizeResult
        {
            public SizeResult(int size, int files, int lines, double parseMs, double compileMs, double emitMs, int compileErrors)
            {
                EmitMs = emitMs;
                Size = size;
                Files = files;
                Lines = lines;
                ParseMs = parseMs;
                CompileMs = compileMs;
                CompileErrors = compileErrors;
            }

            public int Size { get; }

            public int Files { get; }

            public int Lines { get; }

            public double ParseMs { get; }

            /// <summary>Binding only: a fresh compilation's GetDiagnostics().</summary>
            public double CompileMs { get; }

            /// <summary>A build's compile: a fresh compilation's Emit (binding, lowering, IL and PE).</summary>
            public double EmitMs { get; }

            public int CompileErrors { get; }

            public int Exceptions { get; set; }

            public Dictionary<string, RunResult> Runs { get; } = new Dictionary<string, RunResult>(StringComparer.Ordinal);
        }

        /// <param name="GcPauseMs">Time the runtime stopped every thread for garbage collection during the run: the
        /// telemetry charges each pause to every analyzer callback running when it struck.</param>
        /// <param name="Collections">Gen0/gen1/gen2 collections during the run.</param>
        private sealed record RunResult(double ExecutionMs, double WallMs, long AllocatedBytes, int Diagnostics, int Exceptions, Dictionary<string, double> PerAnalyzer, Dictionary<string, int> ById, double GcPauseMs, string Collections);
    }

    /// <summary>The framework the generated code compiles against.</summary>
    internal static class References
    {
        public static ImmutableArray<MetadataReference> Load(out string source)
        {
            // Prefer the reference pack of the SDK (what a build compiles against); fall back to the running runtime.
            var runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
            var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
            var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
            if (Directory.Exists(packs))
            {
                var refDir = Directory.GetDirectories(packs)
                    .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version(0, 0))
                    .Select(d => Path.Combine(d, "ref", "net" + Environment.Version.ToString(2)))
                    .FirstOrDefault(Directory.Exists);
                if (refDir is not null)
                {
                    source = refDir;
                    return Directory.GetFiles(refDir, "*.dll").Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
                }
            }

            source = runtimeDir + " (implementation assemblies)";
            var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(p => Path.GetDirectoryName(p) == runtimeDir.TrimEnd(Path.DirectorySeparatorChar));
            return tpa.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        }
    }
}
