namespace Memoize.Core.Cache;

/// <summary>Why a lookup missed.</summary>
public enum CacheMissReason
{
    /// <summary>No ConfigMap, or no data under the key.</summary>
    Absent,

    /// <summary>The key holds an empty string.</summary>
    Empty,

    /// <summary>The entry has no nodeID, so Argo never counts it as a hit.</summary>
    NoNodeId,

    /// <summary>maxAge is zero or negative: every lookup misses.</summary>
    MaxAgeNotPositive,

    /// <summary>maxAge is set and the entry has no (zero) creationTimestamp, so its age is unknown.</summary>
    ZeroCreationTimestamp,

    /// <summary>now - creationTimestamp is strictly greater than maxAge.</summary>
    Expired,
}
