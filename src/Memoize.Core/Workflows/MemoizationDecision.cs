using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Workflows;

/// <summary>The decision for one memoized node of a Workflow.</summary>
/// <param name="Kind">Lookup, Store, Invalid or Unresolved.</param>
/// <param name="NodeId">The memoized node's ID (the node to mark on a lookup).</param>
/// <param name="NodeName">The node's name, for messages.</param>
/// <param name="Key">The substituted key (Lookup, Store); what substitution gave for Invalid; null otherwise.</param>
/// <param name="CacheName">The cache ConfigMap's name (Lookup, Store).</param>
/// <param name="MaxAge">The parsed maxAge; null when the template has none.</param>
/// <param name="Lookup">For Lookup: the answer on the cache contents the planner was given.</param>
/// <param name="Entry">For Store: the entry to save (nodeID, outputs verbatim, timestamps = now).</param>
/// <param name="Problem">For Invalid and Unresolved: the text for an Event, saying what is wrong and how to fix it.</param>
public sealed record MemoizationDecision(
    MemoizationDecisionKind Kind,
    string NodeId,
    string NodeName,
    string? Key,
    string? CacheName,
    GoDuration? MaxAge,
    CacheLookupResult? Lookup,
    CacheEntry? Entry,
    string? Problem)
{
    /// <summary>The write-plan operation for a Store decision.</summary>
    public StoreOperation ToStoreOperation() =>
        Kind == MemoizationDecisionKind.Store && Key is not null && Entry is not null
            ? new StoreOperation(Key, Entry, MaxAge)
            : throw new InvalidOperationException($"a {Kind} decision has nothing to store");
}
