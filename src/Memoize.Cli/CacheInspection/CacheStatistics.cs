namespace Memoize.Cli.CacheInspection;

/// <summary>Totals across cache ConfigMaps, for <c>memoize cache stats</c>.</summary>
/// <param name="Caches">How many cache ConfigMaps there are.</param>
/// <param name="Entries">Their entries together.</param>
/// <param name="Bytes">Their sizes together.</param>
/// <param name="Malformed">Their malformed entries together.</param>
/// <param name="NeverHit">Their never-hit entries together.</param>
/// <param name="Largest">The largest cache (by bytes; ties by namespace and name); null when there is none.</param>
public sealed record CacheStatistics(int Caches, int Entries, long Bytes, int Malformed, int NeverHit, CacheSummary? Largest)
{
    /// <summary>Adds up <paramref name="summaries"/>.</summary>
    public static CacheStatistics Of(IReadOnlyCollection<CacheSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var largest = summaries
            .OrderByDescending(s => s.Bytes)
            .ThenBy(s => s.Namespace, StringComparer.Ordinal)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return new CacheStatistics(
            summaries.Count,
            summaries.Sum(s => s.Entries),
            summaries.Sum(s => s.Bytes),
            summaries.Sum(s => s.Malformed),
            summaries.Sum(s => s.NeverHit),
            largest);
    }
}
