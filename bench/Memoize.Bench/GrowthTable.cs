using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Memoize.Bench;

/// <summary>
/// Prints, per benchmark, the time and memory per template and each size against the 10-template run:
/// linear growth shows as a ratio close to the size ratio (100 templates ≈ 10x, 1,000 ≈ 100x).
/// Medians, since the machine may be shared; allocations, since they do not depend on load at all.
/// </summary>
public static class GrowthTable
{
    /// <summary>The size every ratio is measured against.</summary>
    public const int BaselineTemplates = 10;

    /// <summary>The target for 1,000 templates, in nanoseconds (10 ms).</summary>
    public const double TargetFor1000Ns = 10_000_000;

    /// <summary>The table for <paramref name="summary"/>, one block per benchmark method.</summary>
    public static string Format(Summary summary)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var rows = summary.Reports
            .Where(report => report.ResultStatistics is not null)
            .Select(report => new Row(
                report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                Convert.ToInt32(report.BenchmarkCase.Parameters["Templates"], culture),
                report.ResultStatistics!.Median,
                report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0))
            .ToList();

        foreach (var method in rows.Select(row => row.Method).Distinct())
        {
            var sizes = rows.Where(row => row.Method == method).OrderBy(row => row.Templates).ToList();
            var baseline = sizes.Find(row => row.Templates == BaselineTemplates);
            text.AppendLine(method);
            text.AppendLine("  templates     median   per template   time ratio   alloc/template   alloc ratio   size ratio");
            foreach (var row in sizes)
            {
                text.AppendLine(culture, $"  {row.Templates,9} {Duration(row.MedianNs),10} {Duration(row.MedianNs / row.Templates),14} "
                    + $"{Ratio(row.MedianNs, baseline?.MedianNs),12} {Bytes(row.AllocatedBytes / row.Templates),16} "
                    + $"{Ratio(row.AllocatedBytes, baseline?.AllocatedBytes),13} {Ratio(row.Templates, BaselineTemplates),12}");
            }

            if (sizes.Find(row => row.Templates == 1000) is { } largest)
            {
                var verdict = largest.MedianNs < TargetFor1000Ns ? "meets" : "MISSES";
                text.AppendLine(culture, $"  1,000 templates in {Duration(largest.MedianNs)}: {verdict} the 10 ms target");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "n/a";

    private static string Duration(double nanoseconds) => nanoseconds switch
    {
        >= 1_000_000 => (nanoseconds / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (nanoseconds / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " us",
        _ => nanoseconds.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };

    private static string Bytes(double bytes) => bytes >= 1024
        ? (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KB"
        : bytes.ToString("0", CultureInfo.InvariantCulture) + " B";

    private sealed record Row(string Method, int Templates, double MedianNs, double AllocatedBytes);
}
