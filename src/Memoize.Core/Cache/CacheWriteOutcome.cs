namespace Memoize.Core.Cache;

/// <summary>What a write plan did with one key, and why.</summary>
/// <param name="Key">The data key.</param>
/// <param name="Kind">Stored, touched, removed, skipped, refused or evicted.</param>
/// <param name="Message">A sentence for a log line or an Event.</param>
public sealed record CacheWriteOutcome(string Key, CacheWriteOutcomeKind Kind, string Message);
