using System.Globalization;
using System.Text.Json.Nodes;

namespace Memoize.Cli.CacheInspection;

/// <summary>Writes <c>memoize cache stats</c>: aligned <c>Field:  value</c> lines as kubectl describe prints them (values two spaces after the longest label), or one JSON object.</summary>
public static class CacheStatisticsWriter
{
    /// <summary>Writes the totals; <paramref name="namespace"/> is null for all namespaces.</summary>
    public static void WriteText(CacheStatistics statistics, string? @namespace, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(output);
        var scope = @namespace is null ? "in all namespaces" : $"in namespace {@namespace}";
        var largest = statistics.Largest is { } cache
            ? $"{cache.Namespace}/{cache.Name}, {ByteSize.Format(cache.Bytes)}, {ByteSize.FormatPercentOfLimit(cache.Bytes)} of the 1 MiB ConfigMap limit"
            : KubernetesAge.None;
        (string Label, string Value)[] lines =
        [
            ("Caches", $"{Number(statistics.Caches)} {scope}"),
            ("Entries", Number(statistics.Entries)),
            ("Size", $"{ByteSize.Format(statistics.Bytes)} ({statistics.Bytes.ToString(CultureInfo.InvariantCulture)} bytes)"),
            ("Largest", largest),
            ("Malformed entries", Number(statistics.Malformed)),
            ("Never hit", Number(statistics.NeverHit)),
        ];
        var width = lines.Max(line => line.Label.Length + 1) + 2;
        foreach (var (label, value) in lines)
        {
            output.WriteLine((label + ":").PadRight(width) + value);
        }
    }

    /// <summary>
    /// Writes one JSON object: namespace (null for all), caches, entries, bytes, malformed, neverHit and largest
    /// (namespace, name, bytes, usedPercent; null when there is no cache).
    /// </summary>
    public static void WriteJson(CacheStatistics statistics, string? @namespace, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        var largest = statistics.Largest is { } cache
            ? new JsonObject
            {
                ["namespace"] = cache.Namespace,
                ["name"] = cache.Name,
                ["bytes"] = cache.Bytes,
                ["usedPercent"] = Math.Round(ByteSize.PercentOfLimit(cache.Bytes), 2),
            }
            : null;
        CacheJson.Write(output, new JsonObject
        {
            ["namespace"] = @namespace,
            ["caches"] = statistics.Caches,
            ["entries"] = statistics.Entries,
            ["bytes"] = statistics.Bytes,
            ["malformed"] = statistics.Malformed,
            ["neverHit"] = statistics.NeverHit,
            ["largest"] = largest,
        });
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
