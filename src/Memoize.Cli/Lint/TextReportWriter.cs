using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>
/// Writes a lint report for people: one line per finding,
/// <c>FILE:LINE: Kind/name: error: path: Reason: detail</c>, then a summary line.
/// </summary>
public static class TextReportWriter
{
    private const string Bold = "\u001b[1m";
    private const string Red = "\u001b[1;31m";
    private const string Yellow = "\u001b[1;33m";
    private const string Green = "\u001b[32m";
    private const string Reset = "\u001b[0m";

    /// <summary>Writes every finding and the summary to <paramref name="output"/>; ANSI colour only when <paramref name="colour"/>.</summary>
    public static void Write(LintReport report, TextWriter output, bool colour)
    {
        string Paint(string text, string style) => colour ? style + text + Reset : text;

        foreach (var item in report.Findings)
        {
            var severity = item.Finding.Severity == Severity.Error ? Paint("error:", Red) : Paint("warning:", Yellow);
            output.WriteLine($"{Paint($"{item.File}:{item.Line}:", Bold)} {item.Kind}/{item.Name}: {severity} {item.Finding.Message}");
        }

        var summary = Summary(report);
        output.WriteLine(colour && report.Findings.Count == 0 && report.FileErrors.Count == 0 ? Paint(summary, Green) : summary);
    }

    /// <summary>
    /// E.g. <c>3 objects checked in 2 files: 2 errors, 1 warning</c> or <c>1 object checked in 1 file: no problems</c>,
    /// followed by <c>; 1 file not linted (see errors above)</c> when some file could not be read or parsed.
    /// </summary>
    public static string Summary(LintReport report)
    {
        var counts = new List<string>();
        if (report.ErrorCount > 0)
        {
            counts.Add(Count(report.ErrorCount, "error"));
        }

        if (report.WarningCount > 0)
        {
            counts.Add(Count(report.WarningCount, "warning"));
        }

        var verdict = counts.Count == 0 ? "no problems" : string.Join(", ", counts);
        var summary = $"{Count(report.ObjectCount, "object")} checked in {Count(report.FileCount, "file")}: {verdict}";
        return report.FileErrors.Count == 0 ? summary : $"{summary}; {Count(report.FileErrors.Count, "file")} not linted (see errors above)";
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
