using Memoize.Reconciler.Tests.Support;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>A batch of memoized workflows whose nodes ended Succeeded after a miss: each must be stored once.</summary>
/// <param name="Prefix">Names the workflows, keys and values (distinct per batch).</param>
/// <param name="Count">How many workflows.</param>
/// <param name="Caches">How many cache ConfigMaps they spread over.</param>
public sealed record MemoizedRun(string Prefix, int Count, int Caches = 2)
{
    /// <summary>The cache ConfigMap workflow <paramref name="i"/> uses.</summary>
    public string CacheOf(int i) => $"{Prefix}-cache-{i % Caches}";

    /// <summary>Creates the workflows <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public async Task CreateAsync(TestCluster cluster, int from = 0, int? to = null)
    {
        for (var i = from; i < (to ?? Count); i++)
        {
            var name = $"{Prefix}-{i}";
            await cluster.CreateWorkflowAsync(TestWorkflows.SinglePod(name, $"{Prefix}-key-{i}", phase: "Succeeded",
                memoizationStatus: TestWorkflows.Status(false, $"{Prefix}-key-{i}", CacheOf(i)), outputs: TestWorkflows.Outputs($"{Prefix}-value-{i}"),
                memoize: TestWorkflows.Memoize(CacheOf(i), maxAge: "1h")));
        }
    }

    /// <summary>What the caches must hold: per cache, key to node ID and value.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, (string NodeId, string Value)>> Expected =>
        Enumerable.Range(0, Count)
            .GroupBy(CacheOf)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, (string, string)>)g.ToDictionary(i => $"{Prefix}-key-{i}", i => ($"{Prefix}-{i}", $"{Prefix}-value-{i}")));
}
