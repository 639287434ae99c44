namespace Memoize.Core.Cache;

/// <summary>Why the garbage collector deletes an entry.</summary>
public enum CacheGarbageReason
{
    /// <summary>Not hit for longer than the configured not-hit age (Argo's CACHE_GC_AFTER_NOT_HIT_DURATION rule).</summary>
    NotHit,

    /// <summary>Older than the largest maxAge of every template that names the cache: no template can ever hit it.</summary>
    OlderThanEveryMaxAge,
}
