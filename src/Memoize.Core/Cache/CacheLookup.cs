using Memoize.Core.Durations;

namespace Memoize.Core.Cache;

/// <summary>Argo's hit rule, as a pure function of the entry, maxAge and the current time.</summary>
public static class CacheLookup
{
    /// <summary>
    /// Decides a lookup on the raw value of <c>data[key]</c> (null when the ConfigMap or the key is absent).
    /// <paramref name="maxAge"/> null means the template has no maxAge: the entry never expires.
    /// </summary>
    public static CacheLookupResult Decide(string? rawValue, GoDuration? maxAge, DateTimeOffset now)
    {
        if (rawValue is null)
        {
            return Miss(CacheMissReason.Absent, null, "miss: no cache entry under this key");
        }

        if (rawValue.Length == 0)
        {
            return Miss(CacheMissReason.Empty, null, "miss: the cache entry is empty");
        }

        var read = CacheEntryCodec.Read(rawValue);
        return read.Entry is null
            ? new CacheLookupResult(CacheLookupOutcome.Malformed, null, null, read.Error!)
            : Decide(read.Entry, maxAge, now);
    }

    /// <summary>Decides a lookup on an entry already read. lastHitTimestamp plays no part.</summary>
    public static CacheLookupResult Decide(CacheEntry entry, GoDuration? maxAge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.NodeId.Length == 0)
        {
            return Miss(CacheMissReason.NoNodeId, entry, "miss: the cache entry has no nodeID");
        }

        if (maxAge is { } limit)
        {
            if (limit.Nanoseconds <= 0)
            {
                return Miss(CacheMissReason.MaxAgeNotPositive, entry, "miss: maxAge is zero or negative, so every lookup misses");
            }

            if (entry.CreationTimestamp is not { } created)
            {
                return Miss(CacheMissReason.ZeroCreationTimestamp, entry, "miss: the cache entry has no creationTimestamp, so its age is unknown");
            }

            if (IsOlderThan(created, limit, now))
            {
                return Miss(CacheMissReason.Expired, entry, $"miss: the cache entry was created at {GoJson.FormatTimestamp(created)}, more than maxAge {limit} ago");
            }
        }

        return new CacheLookupResult(CacheLookupOutcome.Hit, null, entry, "hit");
    }

    /// <summary>True when now - <paramref name="time"/> is strictly greater than <paramref name="age"/> (exactly, in nanoseconds).</summary>
    public static bool IsOlderThan(DateTimeOffset time, GoDuration age, DateTimeOffset now)
    {
        // 100 ns ticks times 100 can overflow a long over the full DateTimeOffset range, so compare in 128 bits.
        var elapsedNanoseconds = (Int128)(now.UtcTicks - time.UtcTicks) * 100;
        return elapsedNanoseconds > age.Nanoseconds;
    }

    private static CacheLookupResult Miss(CacheMissReason reason, CacheEntry? entry, string message) =>
        new(CacheLookupOutcome.Miss, reason, entry, message);
}
