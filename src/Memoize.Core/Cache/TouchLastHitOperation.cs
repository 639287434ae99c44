namespace Memoize.Core.Cache;

/// <summary>Record a lookup that found the entry: move its lastHitTimestamp forward to <paramref name="Time"/> (never back).</summary>
/// <param name="Key">The memoization key.</param>
/// <param name="Time">When the lookup happened.</param>
public sealed record TouchLastHitOperation(string Key, DateTimeOffset Time) : CacheOperation(Key);
