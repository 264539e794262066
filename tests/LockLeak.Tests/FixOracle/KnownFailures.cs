using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LockLeak.Tests.Meta;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The cells today's fixes are known to fail, read from KnownFailures.txt beside this file: one line per cell,
    /// `cell id` TAB `reason`. The oracle expects exactly these to fail; a listed cell that passes fails the test
    /// too, so the list only ever shrinks as the fixes improve.
    /// </summary>
    public static class KnownFailures
    {
        public static readonly string[] FilePath = { "tests", "LockLeak.Tests", "FixOracle", "KnownFailures.txt" };

        private static readonly Lazy<IReadOnlyDictionary<string, string>> Entries = new Lazy<IReadOnlyDictionary<string, string>>(Load);

        public static IReadOnlyDictionary<string, string> All => Entries.Value;

        private static IReadOnlyDictionary<string, string> Load()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!RepositoryFiles.Exists(FilePath))
            {
                return result;
            }

            foreach (var raw in RepositoryFiles.Read(FilePath).Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                result[tab < 0 ? line : line.Substring(0, tab)] = tab < 0 ? string.Empty : line.Substring(tab + 1);
            }

            return result;
        }

        /// <summary>The file's text for the given failing cells: what LOCKLEAK_ORACLE_RECORD writes.</summary>
        public static string Render(IEnumerable<CellReport> failing)
        {
            var sb = new StringBuilder();
            sb.Append("# Fix oracle cells that today's fixes fail: cell id <TAB> first failing check.\n");
            sb.Append("# The oracle fails when a cell not listed here fails, and when a listed cell passes: remove it then.\n");
            sb.Append("# Regenerate the current list with LOCKLEAK_ORACLE_RECORD=<path> (review the diff: it may only shrink).\n");
            foreach (var report in failing.OrderBy(r => r.Cell.Id, StringComparer.Ordinal))
            {
                sb.Append(report.Cell.Id).Append('\t').Append(Short(report.Failures()[0])).Append('\n');
            }

            return sb.ToString();
        }

        /// <summary>A failure in one line without positions, so the reason reads the same after unrelated edits.</summary>
        public static string Short(string failure)
        {
            var oneLine = failure.Replace('\r', ' ').Replace('\n', ' ');
            oneLine = System.Text.RegularExpressions.Regex.Replace(oneLine, @"\b\d+: ", string.Empty);
            oneLine = System.Text.RegularExpressions.Regex.Replace(oneLine, @"Cell\d{5}\.", string.Empty);
            return oneLine.Length > 240 ? oneLine.Substring(0, 240) + "…" : oneLine;
        }

        public static void Record(IEnumerable<CellReport> failing)
        {
            if (Environment.GetEnvironmentVariable("LOCKLEAK_ORACLE_RECORD") is { Length: > 0 } path)
            {
                File.WriteAllText(path, Render(failing));
            }
        }
    }
}
