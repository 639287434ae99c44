using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;

namespace Memoize.Cli.CacheInspection;

/// <summary>Writes <c>memoize cache ls</c>: a kubectl-style table for people, or a JSON array for machines.</summary>
public static class CacheListWriter
{
    /// <summary>How many characters the usage bar has.</summary>
    public const int BarWidth = 20;

    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";
    private const string Red = "\u001b[31m";
    private const string Reset = "\u001b[0m";

    /// <summary>
    /// Writes the table: NAMESPACE (only with <paramref name="withNamespace"/>), NAME, ENTRIES, SIZE, USED (of 1 MiB),
    /// MALFORMED, OLDEST (age of the oldest entry), LAST HIT (age of the latest hit). On a colour terminal USED also
    /// gets a bar, green below half the limit, yellow from half, red from the reconciler's default budget (900 KiB).
    /// </summary>
    public static void WriteTable(IReadOnlyList<CacheSummary> caches, TextWriter output, DateTimeOffset now, bool withNamespace, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(caches);
        string[] headers = ["NAME", "ENTRIES", "SIZE", "USED", "MALFORMED", "OLDEST", "LAST HIT"];
        var table = new TextTable(withNamespace ? ["NAMESPACE", .. headers] : headers);
        foreach (var cache in caches)
        {
            TableCell[] cells =
            [
                cache.Name,
                Number(cache.Entries),
                ByteSize.Format(cache.Bytes),
                Used(cache.Bytes, terminal),
                Number(cache.Malformed),
                KubernetesAge.Since(cache.OldestCreation, now),
                KubernetesAge.Since(cache.LastHit, now),
            ];
            table.AddRow(withNamespace ? [cache.Namespace, .. cells] : cells);
        }

        table.Write(output);
    }

    /// <summary>
    /// Writes a JSON array (<c>[]</c> when there are no caches) of objects with the keys namespace, name, entries,
    /// bytes, limitBytes, usedPercent, malformed, neverHit, oldestCreationTimestamp and lastHitTimestamp (RFC 3339 or null).
    /// </summary>
    public static void WriteJson(IReadOnlyList<CacheSummary> caches, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(caches);
        var array = new JsonArray();
        foreach (var cache in caches)
        {
            array.Add(ToJson(cache));
        }

        CacheJson.Write(output, array);
    }

    /// <summary>One cache's facts as a JSON object.</summary>
    public static JsonObject ToJson(CacheSummary cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new JsonObject
        {
            ["namespace"] = cache.Namespace,
            ["name"] = cache.Name,
            ["entries"] = cache.Entries,
            ["bytes"] = cache.Bytes,
            ["limitBytes"] = CacheBudget.ConfigMapLimitBytes,
            ["usedPercent"] = Math.Round(ByteSize.PercentOfLimit(cache.Bytes), 2),
            ["malformed"] = cache.Malformed,
            ["neverHit"] = cache.NeverHit,
            ["oldestCreationTimestamp"] = CacheJson.Timestamp(cache.OldestCreation),
            ["lastHitTimestamp"] = CacheJson.Timestamp(cache.LastHit),
        };
    }

    /// <summary>The 20-character bar for <paramref name="bytes"/> of the 1 MiB limit, one block per 5 %.</summary>
    public static string Bar(long bytes)
    {
        var filled = (int)Math.Clamp(Math.Round(ByteSize.PercentOfLimit(bytes) / (100.0 / BarWidth), MidpointRounding.AwayFromZero), 0, BarWidth);
        return new string('█', filled) + new string('░', BarWidth - filled);
    }

    private static TableCell Used(long bytes, bool terminal)
    {
        var percent = ByteSize.FormatPercentOfLimit(bytes);
        if (!terminal)
        {
            return percent;
        }

        var bar = Bar(bytes);
        var filled = bar.TrimEnd('░');
        if (filled.Length == 0)
        {
            return $"{bar} {percent}";
        }

        var colour = bytes >= CacheBudget.DefaultBytes ? Red : bytes * 2 >= CacheBudget.ConfigMapLimitBytes ? Yellow : Green;
        return new TableCell($"{bar} {percent}", $"{colour}{filled}{Reset}{bar[filled.Length..]} {percent}");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
