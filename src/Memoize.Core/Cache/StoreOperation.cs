using Memoize.Core.Durations;

namespace Memoize.Core.Cache;

/// <summary>Save an entry under a key, unless the key already holds an entry that is still valid (first writer wins).</summary>
/// <param name="Key">The memoization key.</param>
/// <param name="Entry">The entry to save; its timestamps are fixed when the operation is made, so re-applying it writes the same bytes.</param>
/// <param name="MaxAge">The template's maxAge, used to judge whether an existing entry is still valid; null when none.</param>
public sealed record StoreOperation(string Key, CacheEntry Entry, GoDuration? MaxAge) : CacheOperation(Key);
