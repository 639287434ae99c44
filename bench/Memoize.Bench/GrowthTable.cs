using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Memoize.Bench;

/// <summary>
/// Prints, per benchmark, the time per template and each size's time against the 10-template run:
/// linear growth shows as a ratio close to the size ratio (100 templates ≈ 10x, 1,000 ≈ 100x).
/// </summary>
public static class GrowthTable
{
    /// <summary>The size every ratio is measured against.</summary>
    public const int BaselineTemplates = 10;

    /// <summary>The table for <paramref name="summary"/>, one block per benchmark method.</summary>
    public static string Format(Summary summary)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var rows = summary.Reports
            .Where(report => report.ResultStatistics is not null)
            .Select(report => (
                Method: report.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                Templates: Convert.ToInt32(report.BenchmarkCase.Parameters["Templates"], culture),
                MeanNs: report.ResultStatistics!.Mean))
            .ToList();

        foreach (var method in rows.Select(row => row.Method).Distinct())
        {
            var sizes = rows.Where(row => row.Method == method).OrderBy(row => row.Templates).ToList();
            var baseline = sizes.FirstOrDefault(row => row.Templates == BaselineTemplates);
            text.AppendLine(culture, $"{method}");
            text.AppendLine("  templates       mean   per template   ratio vs 10   size ratio");
            foreach (var row in sizes)
            {
                var ratio = baseline.MeanNs > 0 ? (row.MeanNs / baseline.MeanNs).ToString("0.0", culture) + "x" : "n/a";
                var sizeRatio = ((double)row.Templates / BaselineTemplates).ToString("0", culture) + "x";
                text.AppendLine(culture, $"  {row.Templates,9} {Duration(row.MeanNs),10} {Duration(row.MeanNs / row.Templates),14} {ratio,13} {sizeRatio,12}");
            }

            var largest = sizes.LastOrDefault();
            if (largest.Templates == 1000)
            {
                var verdict = largest.MeanNs < 10_000_000 ? "meets" : "MISSES";
                text.AppendLine(culture, $"  1,000 templates in {Duration(largest.MeanNs)}: {verdict} the 10 ms target");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Duration(double nanoseconds) => nanoseconds switch
    {
        >= 1_000_000 => (nanoseconds / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        >= 1_000 => (nanoseconds / 1_000).ToString("0.0", CultureInfo.InvariantCulture) + " us",
        _ => nanoseconds.ToString("0", CultureInfo.InvariantCulture) + " ns",
    };
}
