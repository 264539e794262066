using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>One compilation's verdict on one cell's file.</summary>
    public sealed record CompiledCell(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, IReadOnlyList<string> LockLeak)
    {
        /// <summary>Warnings (CS8019 included) without their positions, so a fix that moves code does not make an old warning new.</summary>
        public IEnumerable<string> WarningKeys => Warnings.Select(w => w.Substring(w.IndexOf(' ', StringComparison.Ordinal) + 1));
    }

    /// <summary>
    /// Compiles a batch of cells as one project and hands each cell the compiler's errors and warnings in its own
    /// file (or in what a generator wrote for it), and LockLeak's diagnostics there.
    /// </summary>
    public static class OracleCompiler
    {
        public static async Task<(Dictionary<OracleCell, CompiledCell> Cells, Compilation Compilation)> CompileAsync(
            (bool, bool) settings, IReadOnlyList<OracleCell> cells, IReadOnlyDictionary<OracleCell, string> texts)
        {
            using var workspace = new AdhocWorkspace();
            var (project, map) = await OracleProject.CreateAsync(workspace, settings, cells, texts).ConfigureAwait(false);
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var byNamespace = cells.ToDictionary(c => c.Namespace, c => c, StringComparer.Ordinal);
            var byPath = cells.ToDictionary(OracleProject.PathOf, c => c, StringComparer.Ordinal);
            var errors = cells.ToDictionary(c => c, _ => new List<string>());
            var warnings = cells.ToDictionary(c => c, _ => new List<string>());
            // GetDiagnostics has CS8019 (emit leaves it out); emit adds the errors only lowering finds (a pointer field of a record,
            // CS8908), which a build reports too.
            var all = compilation.GetDiagnostics();
            var seen = new HashSet<(string, Location)>(all.Select(d => (d.Id, d.Location)));
            all = all.AddRange(compilation.Emit(System.IO.Stream.Null).Diagnostics.Where(d => seen.Add((d.Id, d.Location))));
            foreach (var diagnostic in all)
            {
                if (diagnostic.Severity < DiagnosticSeverity.Warning || CellOf(diagnostic, byPath, byNamespace) is not { } cell)
                {
                    continue;
                }

                var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1;
                var text = $"{line}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
                (diagnostic.Severity == DiagnosticSeverity.Error ? errors : warnings)[cell].Add(text);
            }

            var lockLeak = OracleFixer.ByCell(await OracleFixer.AnalyzeAsync(project).ConfigureAwait(false), map);
            var result = cells.ToDictionary(
                c => c,
                c => new CompiledCell(
                    errors[c],
                    warnings[c],
                    lockLeak.TryGetValue(c, out var list)
                        ? list.Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}").ToList()
                        : new List<string>()));
            return (result, compilation);
        }

        /// <summary>The warnings of <paramref name="after"/> that <paramref name="before"/> did not have, counted as multisets.</summary>
        public static IReadOnlyList<string> NewWarnings(CompiledCell before, CompiledCell after)
        {
            var old = before.WarningKeys.GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var result = new List<string>();
            foreach (var warning in after.Warnings)
            {
                var key = warning.Substring(warning.IndexOf(' ', StringComparison.Ordinal) + 1);
                if (old.TryGetValue(key, out var n) && n > 0)
                {
                    old[key] = n - 1;
                }
                else
                {
                    result.Add(warning);
                }
            }

            return result;
        }

        /// <summary>A diagnostic's cell: by its file, or, in generated code, by the cell namespace around it.</summary>
        private static OracleCell? CellOf(Diagnostic diagnostic, Dictionary<string, OracleCell> byPath, Dictionary<string, OracleCell> byNamespace)
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is null)
            {
                return null;
            }

            if (byPath.TryGetValue(tree.FilePath, out var cell))
            {
                return cell;
            }

            var node = tree.GetRoot().FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            var name = node?.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().LastOrDefault()?.Name.ToString();
            return name is not null && byNamespace.TryGetValue(name.Replace("global::", string.Empty, StringComparison.Ordinal), out cell) ? cell : null;
        }
    }
}
