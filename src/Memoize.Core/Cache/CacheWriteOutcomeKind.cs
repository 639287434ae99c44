namespace Memoize.Core.Cache;

/// <summary>What happened to one key in a write plan.</summary>
public enum CacheWriteOutcomeKind
{
    /// <summary>A new entry was written.</summary>
    Stored,

    /// <summary>An entry's lastHitTimestamp was moved forward.</summary>
    Touched,

    /// <summary>An entry was deleted on request.</summary>
    Removed,

    /// <summary>Nothing needed doing (already stored, already touched, already gone, changed since planned).</summary>
    Skipped,

    /// <summary>A store was not made (too large, no room, invalid key): worth an Event.</summary>
    Refused,

    /// <summary>An entry was evicted to stay within the budget: worth an Event.</summary>
    Evicted,
}
