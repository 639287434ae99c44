using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Kubernetes.Resources;

namespace Memoize.Cli.CacheInspection;

/// <summary>The facts about one cache ConfigMap that <c>memoize cache ls</c> and <c>stats</c> show.</summary>
/// <param name="Namespace">The ConfigMap's namespace.</param>
/// <param name="Name">The ConfigMap's name.</param>
/// <param name="Entries">How many data keys it holds (malformed and empty ones included).</param>
/// <param name="Bytes">Its size as Kubernetes counts it against the 1 MiB limit (data and binaryData values).</param>
/// <param name="Malformed">How many entries Argo cannot read.</param>
/// <param name="NeverHit">How many readable entries were never found by a later lookup (no lastHitTimestamp after their creation).</param>
/// <param name="OldestCreation">The oldest creationTimestamp of its entries; null when none has one.</param>
/// <param name="LastHit">The newest lastHitTimestamp of its entries; null when none has one.</param>
public sealed record CacheSummary(
    string Namespace,
    string Name,
    int Entries,
    long Bytes,
    int Malformed,
    int NeverHit,
    DateTimeOffset? OldestCreation,
    DateTimeOffset? LastHit)
{
    /// <summary>Reads every entry of <paramref name="configMap"/> with Argo's codec and sums up.</summary>
    public static CacheSummary Of(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var data = (configMap.Data ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal);
        var malformed = 0;
        var neverHit = 0;
        DateTimeOffset? oldest = null;
        DateTimeOffset? lastHit = null;
        foreach (var value in data.Values)
        {
            if (value.Length == 0)
            {
                // An empty value is a miss for Argo: nothing was ever saved, so nothing was ever hit.
                neverHit++;
                continue;
            }

            if (CacheEntryCodec.Read(value).Entry is not { } entry)
            {
                malformed++;
                continue;
            }

            // Argo stamps lastHitTimestamp when it saves an entry, so only a later stamp means a lookup found it.
            if (entry.LastHitTimestamp is not { } hit || (entry.CreationTimestamp is { } saved && hit <= saved))
            {
                neverHit++;
            }

            if (entry.CreationTimestamp is { } created && (oldest is null || created < oldest))
            {
                oldest = created;
            }

            if (entry.LastHitTimestamp is { } touched && (lastHit is null || touched > lastHit))
            {
                lastHit = touched;
            }
        }

        var bytes = CacheBudget.SizeOf(data, BinaryData(configMap));
        return new CacheSummary(configMap.Namespace(), configMap.Name(), data.Count, bytes, malformed, neverHit, oldest, lastHit);
    }

    /// <summary>The ConfigMap's binaryData values (base64 text, as the API server stores them), which count toward its size too; null when it has none.</summary>
    public static IReadOnlyDictionary<string, string>? BinaryData(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return configMap.BinaryData?.ToDictionary(pair => pair.Key, pair => Convert.ToBase64String(pair.Value ?? []), StringComparer.Ordinal);
    }
}
