namespace Memoize.Core.Cache;

/// <summary>The new ConfigMap data for one batch of operations, and what happened to each key.</summary>
/// <param name="Data">The data to write, keys in ordinal order.</param>
/// <param name="Changed">False when <see cref="Data"/> equals the data given: nothing needs to be sent.</param>
/// <param name="Outcomes">One outcome per operation (in order), then one per eviction.</param>
/// <param name="MalformedKeys">Keys holding values that cannot be read; they are kept and should be reported once.</param>
/// <param name="SizeBytes">The ConfigMap size as Kubernetes counts it after the batch.</param>
/// <param name="WithinBudget">False when entries that are never evicted alone exceed the budget.</param>
public sealed record CacheWriteResult(
    IReadOnlyDictionary<string, string> Data,
    bool Changed,
    IReadOnlyList<CacheWriteOutcome> Outcomes,
    IReadOnlyList<string> MalformedKeys,
    long SizeBytes,
    bool WithinBudget)
{
    /// <summary>The outcomes of one kind, in order.</summary>
    public IReadOnlyList<CacheWriteOutcome> OfKind(CacheWriteOutcomeKind kind) => Outcomes.Where(o => o.Kind == kind).ToList();
}
