using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace LockLeak.PackageTests.Infrastructure
{
    /// <summary>One diagnostic line of MSBuild's console output: <c>path(line,col): warning LCK001: message [project]</c>.</summary>
    public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id);

    public static class BuildDiagnostics
    {
        private static readonly Regex DiagnosticLine = new(
            @"^\s*(?<file>.+?)\((?<line>\d+),(?<column>\d+)\): (?<severity>warning|error) (?<id>[A-Z]+\d+):",
            RegexOptions.Multiline | RegexOptions.CultureInvariant);

        /// <summary>Every distinct diagnostic with a source location (MSBuild may print one twice).</summary>
        public static IReadOnlyList<BuildDiagnostic> Parse(string output) =>
            DiagnosticLine.Matches(output)
                .Select(m => new BuildDiagnostic(
                    m.Groups["file"].Value.Trim(),
                    int.Parse(m.Groups["line"].Value, CultureInfo.InvariantCulture),
                    int.Parse(m.Groups["column"].Value, CultureInfo.InvariantCulture),
                    m.Groups["severity"].Value,
                    m.Groups["id"].Value))
                .Distinct()
                .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)
                .ToArray();

        public static IReadOnlyList<BuildDiagnostic> LockLeak(string output) =>
            Parse(output).Where(d => d.Id.StartsWith("LCK", StringComparison.Ordinal)).ToArray();

        /// <summary>The host failures a broken package causes: it could not load the analyzer, or the analyzer threw.</summary>
        public static readonly IReadOnlyList<string> LoadFailureIds = new[] { "CS8032", "CS9057", "AD0001" };
    }
}
