namespace Memoize.Core.Cache;

/// <summary>What one garbage collection pass over a cache ConfigMap deletes, keeps and reports.</summary>
/// <param name="Garbage">The entries to delete, in key order.</param>
/// <param name="Operations">The same deletions as operations for <see cref="CacheWritePlan"/>, each guarded by the value seen, so a fresh write since is never lost.</param>
/// <param name="MalformedKeys">Entries that cannot be read: kept (never deleted silently) and to be reported.</param>
/// <param name="RemainingData">The data after the deletions.</param>
/// <param name="BecomesEmpty">True when nothing remains (no data, no binaryData): the ConfigMap itself may be deleted, with a resourceVersion precondition.</param>
public sealed record CacheGarbageCollectionPlan(
    IReadOnlyList<CacheGarbage> Garbage,
    IReadOnlyList<RemoveOperation> Operations,
    IReadOnlyList<string> MalformedKeys,
    IReadOnlyDictionary<string, string> RemainingData,
    bool BecomesEmpty);
