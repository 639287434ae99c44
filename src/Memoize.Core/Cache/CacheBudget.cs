using System.Text;
using Memoize.Core.Durations;

namespace Memoize.Core.Cache;

/// <summary>
/// A size budget for one cache ConfigMap, measured as Kubernetes measures a ConfigMap, and the planner that
/// evicts entries to keep writes within it instead of hitting the API server's 1 MiB wall.
/// </summary>
public sealed record CacheBudget
{
    /// <summary>The most bytes Kubernetes accepts in one ConfigMap (corev1.MaxSecretSize).</summary>
    public const long ConfigMapLimitBytes = 1_048_576;

    /// <summary>The default budget: 900 KiB, leaving room under the limit for keys and metadata.</summary>
    public const long DefaultBytes = 921_600;

    /// <summary>Creates a budget of <paramref name="bytes"/>, which must be between 1 and <see cref="ConfigMapLimitBytes"/>.</summary>
    public CacheBudget(long bytes)
    {
        if (bytes is < 1 or > ConfigMapLimitBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(bytes), bytes, $"a cache budget must be between 1 and {ConfigMapLimitBytes} bytes (the ConfigMap limit)");
        }

        Bytes = bytes;
    }

    /// <summary>The default budget of <see cref="DefaultBytes"/>.</summary>
    public static CacheBudget Default { get; } = new(DefaultBytes);

    /// <summary>The most bytes the data and binaryData values may take together.</summary>
    public long Bytes { get; }

    /// <summary>
    /// A ConfigMap's size exactly as Kubernetes' ValidateConfigMap counts it against the limit: the sum of the
    /// UTF-8 byte lengths of every data value plus the decoded length of every binaryData value. Keys are not
    /// counted (they are bounded separately at 253 characters each).
    /// </summary>
    /// <param name="data">The data map (null when absent).</param>
    /// <param name="binaryData">The binaryData map with base64 values as they appear in JSON (null when absent).</param>
    public static long SizeOf(IReadOnlyDictionary<string, string>? data, IReadOnlyDictionary<string, string>? binaryData = null)
    {
        long total = 0;
        foreach (var value in data?.Values ?? [])
        {
            total += ValueBytes(value);
        }

        foreach (var value in binaryData?.Values ?? [])
        {
            total += BinaryValueBytes(value);
        }

        return total;
    }

    /// <summary>The bytes a data value counts for: its UTF-8 length.</summary>
    public static long ValueBytes(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>The bytes a binaryData value counts for: the length of its decoded bytes, from its base64 text.</summary>
    public static long BinaryValueBytes(string base64)
    {
        var length = base64.Length;
        var padding = length > 0 && base64[^1] == '=' ? (length > 1 && base64[^2] == '=' ? 2 : 1) : 0;
        return (length / 4 * 3) + (length % 4 == 0 ? 0 : (length % 4) - 1) - padding;
    }

    /// <summary>
    /// Plans how to apply <paramref name="writes"/> to <paramref name="current"/> within this budget.
    /// Written keys are never evicted. When the result would be too big, evictable entries go in this order:
    /// entries without a nodeID, then entries expired under their maxAge (when <paramref name="maxAgeOf"/> knows it),
    /// then the least recently hit (lastHitTimestamp, else creationTimestamp; zero first; ties by key, ordinal);
    /// only as many as needed. An entry larger than the whole budget is refused. Malformed entries are never
    /// evicted: they count toward the size and are reported. When even evicting everything evictable cannot make
    /// room, the writes are refused last-first until the rest fit, and nothing is evicted in vain.
    /// </summary>
    /// <param name="current">The current data (null when the ConfigMap does not exist).</param>
    /// <param name="writes">The values to write, in order; a key given twice keeps its last value.</param>
    /// <param name="now">The current time, for expiry.</param>
    /// <param name="maxAgeOf">The maxAge of the template that owns a key, when known; null when unknown or none.</param>
    /// <param name="binaryDataBytes">The decoded size of the ConfigMap's binaryData, which is never touched.</param>
    public CacheBudgetPlan Plan(
        IReadOnlyDictionary<string, string>? current,
        IReadOnlyList<KeyValuePair<string, string>> writes,
        DateTimeOffset now,
        Func<string, GoDuration?>? maxAgeOf = null,
        long binaryDataBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var data = current is null
            ? new SortedDictionary<string, string>(StringComparer.Ordinal)
            : new SortedDictionary<string, string>(current.ToDictionary(), StringComparer.Ordinal);

        var writeOrder = new List<string>();
        var newValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in writes)
        {
            if (!newValues.ContainsKey(key))
            {
                writeOrder.Add(key);
            }

            newValues[key] = value;
        }

        // Read every other entry once: malformed ones are fixed weight, the rest are eviction candidates.
        var malformed = new List<string>();
        var candidates = new List<(string Key, long Bytes, CacheEntry Entry)>();
        foreach (var (key, value) in data)
        {
            if (newValues.ContainsKey(key) || value.Length == 0)
            {
                continue;
            }

            var read = CacheEntryCodec.Read(value);
            if (read.Entry is null)
            {
                malformed.Add(key);
            }
            else
            {
                candidates.Add((key, ValueBytes(value), read.Entry));
            }
        }

        long OldBytes(string key) => data.TryGetValue(key, out var old) ? ValueBytes(old) : 0;

        var accepted = new List<string>();
        var refusedTooLarge = new List<CacheRefusal>();
        var refusedNoRoom = new List<string>();
        foreach (var key in writeOrder)
        {
            var bytes = ValueBytes(newValues[key]);
            if (bytes > Bytes)
            {
                refusedTooLarge.Add(new CacheRefusal(key, bytes, CacheRefusalReason.LargerThanBudget,
                    $"cache entry \"{key}\" is {bytes} bytes, more than the whole cache budget of {Bytes} bytes " +
                    $"(a ConfigMap holds at most {ConfigMapLimitBytes} bytes), so it was not stored; " +
                    "pass large outputs as artifacts instead of parameters"));
            }
            else
            {
                accepted.Add(key);
            }
        }

        // Bytes that no eviction can free: binaryData, malformed entries, and every written key (new value when accepted, old value when refused).
        var fixedBytes = binaryDataBytes + malformed.Sum(OldBytes)
            + writeOrder.Sum(key => accepted.Contains(key) ? ValueBytes(newValues[key]) : OldBytes(key));
        while (fixedBytes > Bytes && accepted.Count > 0)
        {
            var key = accepted[^1];
            accepted.RemoveAt(accepted.Count - 1);
            refusedNoRoom.Add(key);
            fixedBytes += OldBytes(key) - ValueBytes(newValues[key]);
        }

        var evicted = new List<CacheEviction>();
        if (fixedBytes <= Bytes)
        {
            var total = fixedBytes + candidates.Sum(c => c.Bytes);
            var ordered = candidates
                .Select(c => (c.Key, c.Bytes, c.Entry, Reason: EvictionReason(c.Key, c.Entry, now, maxAgeOf)))
                .OrderBy(c => c.Reason)
                .ThenBy(c => c.Entry.LastUsed?.UtcTicks ?? long.MinValue)
                .ThenBy(c => c.Key, StringComparer.Ordinal);
            foreach (var candidate in ordered)
            {
                if (total <= Bytes)
                {
                    break;
                }

                evicted.Add(new CacheEviction(candidate.Key, candidate.Bytes, candidate.Reason,
                    EvictionMessage(candidate.Key, candidate.Bytes, candidate.Reason, candidate.Entry)));
                total -= candidate.Bytes;
            }
        }

        foreach (var key in accepted)
        {
            data[key] = newValues[key];
        }

        foreach (var eviction in evicted)
        {
            data.Remove(eviction.Key);
        }

        var malformedList = malformed.Count == 0 ? "none" : string.Join(", ", malformed);
        var refused = refusedTooLarge
            .Concat(refusedNoRoom.Select(key =>
            {
                var bytes = ValueBytes(newValues[key]);
                return new CacheRefusal(key, bytes, CacheRefusalReason.NoRoom,
                    $"cache entry \"{key}\" ({bytes} bytes) was not stored: it does not fit in the cache budget of {Bytes} bytes " +
                    $"even after evicting every evictable entry, because {fixedBytes} bytes are held by entries that are never " +
                    $"evicted automatically (malformed entries: {malformedList}; binaryData: {binaryDataBytes} bytes; " +
                    "the other entries written now); fix or delete the malformed entries, or raise the budget");
            }))
            .OrderBy(r => writeOrder.IndexOf(r.Key))
            .ToList();

        var size = binaryDataBytes + data.Values.Sum(ValueBytes);
        return new CacheBudgetPlan(data, accepted, refused, evicted, malformed, size, size <= Bytes);
    }

    private static CacheEvictionReason EvictionReason(string key, CacheEntry entry, DateTimeOffset now, Func<string, GoDuration?>? maxAgeOf)
    {
        if (entry.NodeId.Length == 0)
        {
            return CacheEvictionReason.NoNodeId;
        }

        if (maxAgeOf?.Invoke(key) is { } maxAge && !CacheLookup.Decide(entry, maxAge, now).IsHit)
        {
            return CacheEvictionReason.Expired;
        }

        return CacheEvictionReason.LeastRecentlyHit;
    }

    private string EvictionMessage(string key, long bytes, CacheEvictionReason reason, CacheEntry entry)
    {
        var why = reason switch
        {
            CacheEvictionReason.NoNodeId => "it has no nodeID, so it can never be a hit",
            CacheEvictionReason.Expired => "it is older than its template's maxAge, so it can never be a hit again",
            _ => entry.LastUsed is { } used
                ? $"it is the least recently hit entry (last used {GoJson.FormatTimestamp(used)})"
                : "it is the least recently hit entry (never hit, no timestamps)",
        };
        return $"evicted cache entry \"{key}\" ({bytes} bytes): {why}; evicted to keep the cache ConfigMap within its budget of {Bytes} bytes";
    }
}
