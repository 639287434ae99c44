namespace Memoize.Core.Cache;

/// <summary>Why a write was not made.</summary>
public enum CacheRefusalReason
{
    /// <summary>The entry alone is larger than the whole budget.</summary>
    LargerThanBudget,

    /// <summary>The entry does not fit even after evicting every evictable entry (malformed entries, binaryData and this batch's other writes are never evicted).</summary>
    NoRoom,

    /// <summary>The key is not a valid memoization cache key.</summary>
    InvalidKey,
}
