namespace Memoize.Core.Cache;

/// <summary>Why the budget planner chose an entry to evict; earlier reasons are evicted first.</summary>
public enum CacheEvictionReason
{
    /// <summary>The entry has no nodeID: it can never be a hit.</summary>
    NoNodeId,

    /// <summary>The entry is older than its template's maxAge (known to the caller): it can never be a hit again.</summary>
    Expired,

    /// <summary>A live entry, chosen because it was hit least recently (lastHitTimestamp, else creationTimestamp).</summary>
    LeastRecentlyHit,
}
