namespace Memoize.Bench.Admission;

/// <summary>One load run against one server: throughput, latency percentiles and CPU per 1,000 requests.</summary>
/// <param name="Requests">Requests answered with 200 within the run.</param>
/// <param name="Failed">Requests that failed, timed out or were still unanswered when the run ended.</param>
/// <param name="Seconds">The run's length.</param>
/// <param name="P50Ms">Median latency in ms; <see cref="double.PositiveInfinity"/> when the percentile falls on unanswered requests.</param>
/// <param name="P99Ms">99th percentile in ms.</param>
/// <param name="P999Ms">99.9th percentile in ms.</param>
/// <param name="CpuMsPer1000">The server process's CPU time per 1,000 answered requests, in ms.</param>
public sealed record LoadResult(long Requests, long Failed, double Seconds, double P50Ms, double P99Ms, double P999Ms, double CpuMsPer1000)
{
    /// <summary>Answered requests per second.</summary>
    public double RequestsPerSecond => Requests / Seconds;
}
