using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;

namespace Memoize.Bench.Admission;

/// <summary>
/// Bytes allocated and time per review against issue 11's target: at most 2 KB per memoized template plus the
/// body's size.
/// </summary>
public static class AllocationTable
{
    /// <summary>The allowance per memoized template, in bytes.</summary>
    public const int BytesPerTemplate = 2048;

    /// <summary>One line per benchmark and size, and whether a CREATE review stays within the allowance.</summary>
    public static string Format(Summary summary)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder("Allocation per review (target for a CREATE: <= 2 KB per template + the body's size)\n");
        text.AppendLine("| benchmark | templates | body bytes | median | allocated | allowance | verdict |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var report in summary.Reports.Where(r => r.ResultStatistics is not null))
        {
            var method = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var templates = Convert.ToInt32(report.BenchmarkCase.Parameters["Templates"], culture);
            var body = method == nameof(AdmissionReviewBenchmarks.UnchangedSpecUpdate)
                ? AdmissionBodies.UnchangedSpecUpdate(templates).Length
                : AdmissionBodies.WorkflowWithTemplates(templates).Length;
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
            var allowance = (BytesPerTemplate * templates) + body;
            var verdict = method == nameof(AdmissionReviewBenchmarks.Create) ? (allocated <= allowance ? "met" : "MISSED") : "";
            text.AppendLine(culture, $"| {method} | {templates:N0} | {body:N0} | {report.ResultStatistics!.Median / 1000:N1} us | {allocated:N0} B | {allowance:N0} B | {verdict} |");
        }

        return text.ToString();
    }
}
