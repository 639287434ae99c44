namespace Memoize.Core.Cache;

/// <summary>The answer of one lookup.</summary>
/// <param name="Outcome">Hit, miss or malformed.</param>
/// <param name="MissReason">Why it missed; null unless <see cref="Outcome"/> is Miss.</param>
/// <param name="Entry">The entry read, whenever it was readable (also on a miss, so that lastHitTimestamp can be touched as Argo does).</param>
/// <param name="Message">What happened, in words for a log line or an Event (Argo's exact text when malformed).</param>
public sealed record CacheLookupResult(CacheLookupOutcome Outcome, CacheMissReason? MissReason, CacheEntry? Entry, string Message)
{
    /// <summary>True when the cached outputs may be replayed.</summary>
    public bool IsHit => Outcome == CacheLookupOutcome.Hit;
}
