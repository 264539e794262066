using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The fix oracle (issue 13, deliverable 5): every generated owner LockLeak flags is fixed alone and by Fix All,
    /// and each result must compile without errors or new warnings, leave LockLeak silent, and run safely. One test
    /// per owner kind × lock family; the oracle itself runs once and the tests share it.
    /// </summary>
    public class FixOracleTests
    {
        private const int SourcesShown = 40;

        private readonly ITestOutputHelper output;

        public FixOracleTests(ITestOutputHelper output) => this.output = output;

        public static TheoryData<string> Groups()
        {
            var data = new TheoryData<string>();
            foreach (var kind in Enum.GetValues<OwnerKind>())
            {
                foreach (var family in Enum.GetValues<LockFamily>())
                {
                    data.Add(kind + "/" + family);
                }
            }

            data.Add("Teardown/" + LockFamily.Pthread);
            data.Add("Teardown/" + LockFamily.CriticalSection);
            return data;
        }

        [Theory]
        [MemberData(nameof(Groups))]
        public async Task Group_FailsExactlyTheKnownCells(string group)
        {
            var (reports, _) = await OracleRun.ResultAsync();
            var cells = reports.Where(r => r.Cell.Group == group).ToList();
            var unexpected = cells.Where(r => r.Failures().Count > 0 && !KnownFailures.All.ContainsKey(r.Cell.Id)).ToList();
            var nowPassing = cells.Where(r => r.Failures().Count == 0 && KnownFailures.All.ContainsKey(r.Cell.Id)).ToList();
            output.WriteLine($"{group}: {cells.Count} cells, {cells.Count(r => r.Failures().Count > 0)} failing ({unexpected.Count} unexpected), {nowPassing.Count} known failures now passing");
            if (unexpected.Count == 0 && nowPassing.Count == 0)
            {
                return;
            }

            var message = new StringBuilder();
            if (nowPassing.Count > 0)
            {
                message.Append($"{nowPassing.Count} cells of {KnownFailures.FilePath[^1]} now pass; remove them from the list:\n");
                foreach (var r in nowPassing)
                {
                    message.Append("  ").Append(r.Cell.Id).Append('\n');
                }
            }

            if (unexpected.Count > 0)
            {
                message.Append($"{unexpected.Count} cells fail that are not known to fail:\n");
                foreach (var r in unexpected)
                {
                    message.Append("  ").Append(r.Cell.Id).Append('\n');
                    foreach (var f in r.Failures())
                    {
                        message.Append("      ").Append(f).Append('\n');
                    }
                }

                foreach (var r in unexpected.Take(SourcesShown))
                {
                    message.Append(Sources(r));
                }

                if (unexpected.Count > SourcesShown)
                {
                    message.Append($"({unexpected.Count - SourcesShown} more failing cells; their sources are left out)\n");
                }
            }

            Assert.Fail(message.ToString());
        }

        /// <summary>The list names only cells the matrix has, each with a reason: a typo or a removed cell would otherwise never fail.</summary>
        [Fact]
        public void KnownFailures_NameCellsOfTheMatrix()
        {
            var ids = new HashSet<string>(OwnerMatrix.Cells.Select(c => c.Id), StringComparer.Ordinal);
            Assert.Equal(OwnerMatrix.Cells.Count, ids.Count);
            var unknown = KnownFailures.All.Where(p => !ids.Contains(p.Key) || p.Value.Length == 0).Select(p => p.Key).ToList();
            Assert.True(unknown.Count == 0, "entries that name no cell of the matrix, or give no reason:\n" + string.Join("\n", unknown));
        }

        /// <summary>The hash that mixes in the sampled axes must still give every owner kind every value of each of them.</summary>
        [Fact]
        public void Matrix_GivesEveryOwnerKindEveryValueOfTheSampledAxes()
        {
            var missing = new List<string>();
            foreach (var kind in Enum.GetValues<OwnerKind>())
            {
                var cells = OwnerMatrix.Cells.Where(c => c.Kind == kind).ToList();
                var native = cells.Where(c => c.Lock.Family != LockFamily.Managed).ToList();
                void Need<T>(string axis, IEnumerable<T> all, Func<OracleCell, T> of, IReadOnlyList<OracleCell> within)
                {
                    foreach (var value in all.Where(v => !within.Any(c => Equals(of(c), v))))
                    {
                        missing.Add($"{kind}: no cell with {axis} = {value}");
                    }
                }

                Need("managed type", OwnerMatrix.ManagedTypes, c => c.Lock.ManagedType, cells.Where(c => c.Lock.Family == LockFamily.Managed).ToList());
                Need("native API", new[] { LockFamily.Pthread, LockFamily.CriticalSection }, c => c.Lock.Family, native);
                Need("import", kind == OwnerKind.RefStruct ? new[] { ImportStyle.DllImport } : Enum.GetValues<ImportStyle>(), c => c.Lock.Import, native);
                Need("release declared", new[] { true, false }, c => c.Lock.ReleaseDeclared, native);
                Need("memory", new[] { NativeMemorySource.Marshal, NativeMemorySource.NativeMemory }, c => c.Lock.Memory, native);
                Need("parameter type differs", new[] { true, false }, c => c.Lock.ParameterTypeDiffers, native.Where(c => c.Lock.Storage != NativeStorage.InlineStruct).ToList());
                Need("implicit usings", new[] { true, false }, c => c.File.ImplicitUsings, cells);
                Need("nullable", new[] { true, false }, c => c.File.Nullable, cells);
                Need("CRLF", new[] { true, false }, c => c.File.Crlf, cells);
                Need("usings inside namespace", new[] { true, false }, c => c.File.UsingsInsideNamespace, cells);
            }

            Assert.True(missing.Count == 0, string.Join("\n", missing));
        }

        [Fact]
        public async Task Summary_EveryCellWentThroughTheOracle()
        {
            var (reports, elapsed) = await OracleRun.ResultAsync();
            var summary = OracleSummary.Render(reports, elapsed);
            output.WriteLine(summary);
            KnownFailures.Record(reports.Where(r => r.Failures().Count > 0));
            Dump(reports);
            Assert.Equal(OracleRun.Selected().Count, reports.Count);
            Assert.All(reports, r => Assert.True(r.InputProblem is null, $"{r.Cell.Id}: generated input {r.InputProblem}\n{r.Input}"));
        }

        /// <summary>
        /// With LOCKLEAK_ORACLE_DUMP=&lt;dir&gt;: cells.csv (every cell, each check's result) and every failing cell's
        /// reasons and sources as one file each, for whoever fixes them.
        /// </summary>
        private static void Dump(IReadOnlyList<CellReport> reports)
        {
            if (Environment.GetEnvironmentVariable("LOCKLEAK_ORACLE_DUMP") is not { Length: > 0 } directory)
            {
                return;
            }

            System.IO.Directory.CreateDirectory(directory);
            static string B(bool? value) => value switch { true => "1", false => "0", null => string.Empty };
            var csv = new StringBuilder("cell,flagged,no_fix_by_spec,fixed_alone,fixed_fix_all,compiled_alone,compiled_fix_all,silent_alone,silent_fix_all,ran_alone,ran_fix_all,first_failure\n");
            foreach (var r in reports)
            {
                csv.Append(string.Join(
                    ",",
                    r.Cell.Id,
                    B(r.IsFlagged),
                    B(r.NoFixAsSpecified),
                    B(r.Alone?.Fixed),
                    B(r.FixAll?.Fixed),
                    B(r.Alone?.CompiledClean),
                    B(r.FixAll?.CompiledClean),
                    B(r.Alone?.Silent),
                    B(r.FixAll?.Silent),
                    B(r.Alone?.RanClean),
                    B(r.FixAll?.RanClean),
                    "\"" + (r.Failures().FirstOrDefault() is { } f ? KnownFailures.Short(f).Replace("\"", "'") : string.Empty) + "\"")).Append('\n');
            }

            System.IO.File.WriteAllText(System.IO.Path.Combine(directory, "cells.csv"), csv.ToString());
            foreach (var r in reports.Where(r => r.Failures().Count > 0))
            {
                System.IO.File.WriteAllText(System.IO.Path.Combine(directory, r.Cell.Id.Replace('/', '_') + ".txt"), Sources(r));
            }
        }

        private static string Sources(CellReport r)
        {
            var sb = new StringBuilder();
            sb.Append("\n===== ").Append(r.Cell.Id).Append(" =====\n");
            foreach (var f in r.Failures())
            {
                sb.Append("// ").Append(f).Append('\n');
            }

            if (r.Alone is { Fix.Changed: true } alone)
            {
                sb.Append("----- fixed alone -----\n").Append(alone.Fix.Text.Replace("\r\n", "\n")).Append('\n');
            }

            if (r.FixAll is { Fix.Changed: true } all && (r.Alone is null || all.Fix.Text != r.Alone.Fix.Text))
            {
                sb.Append("----- fixed by Fix All -----\n").Append(all.Fix.Text.Replace("\r\n", "\n")).Append('\n');
            }

            if (r.Alone is not { Fix.Changed: true } && r.FixAll is not { Fix.Changed: true })
            {
                sb.Append("----- input (no fix changed it) -----\n").Append(r.Input.Replace("\r\n", "\n")).Append('\n');
            }

            return sb.ToString();
        }
    }
}
