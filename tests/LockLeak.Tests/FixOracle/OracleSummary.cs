using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>The printed table: matrix size and pruning, then per group how far the cells got, then the failure classes.</summary>
    public static class OracleSummary
    {
        public static string Render(IReadOnlyList<CellReport> reports, TimeSpan elapsed)
        {
            var sb = new StringBuilder();
            sb.Append($"Fix oracle: {reports.Count} cells in {elapsed.TotalSeconds:F0} s");
            sb.Append(ChildRunner.Unavailable is { } why ? $" (run stage skipped: {why})\n" : "\n");
            sb.Append("Stage time (summed over batches): " + string.Join(", ", OracleRun.StageMilliseconds.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value / 1000.0:F1} s")) + "\n");
            sb.Append($"Crossed axes: {OwnerMatrix.Candidates} combinations; pruned:\n");
            foreach (var (rule, count) in OwnerMatrix.Pruned)
            {
                sb.Append($"  {count,6}  {rule}\n");
            }

            var structural = OwnerMatrix.Cells.Where(c => c.Teardown == Teardown.None).ToList();
            var shapes = structural.Select(c => (c.Kind, c.Base, c.Disposal, c.DisposedFlag)).Distinct().Count();
            sb.Append($"  {structural.Count,6}  generated: {shapes} of {7 * 6 * 9 * 2} structural shapes (kind × base × disposal × flag), each with its lock storages\n");
            sb.Append($"  {OwnerMatrix.Cells.Count - structural.Count,6}  generated on the existing-partial-teardown axis: {Enum.GetValues<Teardown>().Length - 1} teardowns × lock API × heap storage\n\n");
            var header = $"{"group",-28} {"cells",6} {"flagged",8} {"fixed1",7} {"fixAll",7} {"compile1",9} {"compileA",9} {"silent1",8} {"silentA",8} {"ran1",6} {"ranA",6} {"noFix*",7} {"failing",8}";
            sb.Append(header).Append('\n').Append(new string('-', header.Length)).Append('\n');
            foreach (var group in reports.GroupBy(r => r.Cell.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Row(sb, group.Key, group.ToList());
            }

            sb.Append(new string('-', header.Length)).Append('\n');
            Row(sb, "total", reports);
            sb.Append("fixed1/compile1/silent1/ran1: the fix of each diagnostic alone; fixAll/compileA/silentA/ranA: Fix All per id (dotnet format).\n");
            sb.Append("compile = zero errors and no new warning (CS8019/IDE0005 included); ran = every scenario passed in the child process;\n");
            sb.Append("noFix* = flagged cells where SPEC offers no fix and none was offered (they pass without the later checks).\n\n");

            sb.Append("Failure classes (first failing check per cell, names and positions removed):\n");
            foreach (var (reason, count) in Classes(reports))
            {
                sb.Append($"  {count,6}  {reason}\n");
            }

            return sb.ToString();
        }

        public static IEnumerable<(string Reason, int Count)> Classes(IEnumerable<CellReport> reports) =>
            reports.SelectMany(r => r.Failures().Select(Class).Distinct())
                .GroupBy(c => c, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count()))
                .OrderByDescending(p => p.Item2)
                .ThenBy(p => p.Key, StringComparer.Ordinal);

        /// <summary>A failure with its cell-specific parts blanked, so equal defects group together.</summary>
        public static string Class(string failure)
        {
            var text = KnownFailures.Short(failure);
            text = Regex.Replace(text, @"'[^']*'", "'…'");
            text = Regex.Replace(text, @"\(allocations.*\)", "(counts)");
            return text.Length > 160 ? text.Substring(0, 160) + "…" : text;
        }

        private static void Row(StringBuilder sb, string name, IReadOnlyList<CellReport> rows)
        {
            int Count(Func<CellReport, bool> predicate) => rows.Count(predicate);
            var flagged = rows.Where(r => r.IsFlagged && r.InputProblem is null && r.Alone is not null && !r.NoFixAsSpecified).ToList();
            sb.Append($"{name,-28} {rows.Count,6} {Count(r => r.IsFlagged),8} "
                + $"{flagged.Count(r => r.Alone!.Fixed),7} {flagged.Count(r => r.FixAll!.Fixed),7} "
                + $"{flagged.Count(r => r.Alone!.CompiledClean),9} {flagged.Count(r => r.FixAll!.CompiledClean),9} "
                + $"{flagged.Count(r => r.Alone!.Silent),8} {flagged.Count(r => r.FixAll!.Silent),8} "
                + $"{flagged.Count(r => r.Alone!.RanClean),6} {flagged.Count(r => r.FixAll!.RanClean),6} "
                + $"{Count(r => r.NoFixAsSpecified),7} {Count(r => r.Failures().Count > 0),8}\n");
        }
    }
}
