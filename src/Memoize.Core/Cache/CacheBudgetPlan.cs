namespace Memoize.Core.Cache;

/// <summary>What the budget planner decided: the resulting data and every write, refusal and eviction.</summary>
/// <param name="Data">The ConfigMap data after the plan, keys in ordinal order.</param>
/// <param name="Written">The keys whose new values were accepted, in the order given.</param>
/// <param name="Refused">The writes that were not made, with reasons.</param>
/// <param name="Evicted">The entries removed to make room, in eviction order.</param>
/// <param name="MalformedKeys">Keys whose values cannot be read: counted toward the size, never evicted, to be fixed by a person.</param>
/// <param name="SizeBytes">The ConfigMap size as Kubernetes counts it after the plan (data and binaryData values).</param>
/// <param name="WithinBudget">False only when entries that are never evicted (malformed, binaryData, protected writes) alone exceed the budget.</param>
public sealed record CacheBudgetPlan(
    IReadOnlyDictionary<string, string> Data,
    IReadOnlyList<string> Written,
    IReadOnlyList<CacheRefusal> Refused,
    IReadOnlyList<CacheEviction> Evicted,
    IReadOnlyList<string> MalformedKeys,
    long SizeBytes,
    bool WithinBudget);
