namespace Memoize.Bench.Cache;

/// <summary>What one engine cost on the workload, counted on the API server's side.</summary>
public sealed record CacheCost(
    string Engine,
    long ConfigMapRequests,
    long ConfigMapWrites,
    long Conflicts,
    long WorkflowWrites,
    long OtherRequests,
    int LostEntries,
    int FailedLookups,
    TimeSpan Wall);
