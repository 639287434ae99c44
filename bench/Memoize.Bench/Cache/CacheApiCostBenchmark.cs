using System.Globalization;

namespace Memoize.Bench.Cache;

/// <summary>
/// <c>cache</c>: the fan-out workload through Argo's algorithm (racing, and serialized by a per-cache lock) and
/// through this reconciler, each against a fresh emulator; prints one table with the cost per 1,000 memoized nodes
/// and the ratios against the racing Argo baseline.
/// </summary>
public static class CacheApiCostBenchmark
{
    /// <summary>Runs the benchmark; returns 1 when a target is missed.</summary>
    public static async Task<int> RunAsync(bool quick)
    {
        // Two Workflows: the first misses and stores, the second hits (a third hit run added 50 s of Argo's backoff to
        // the full run and nothing new). --quick scales Argo's 1 s doubling backoff by 0.1: contenders still retry
        // together, so conflicts and losses are the same shape, only the waits are shorter.
        var workload = new FanOutWorkload(Width: 200, Runs: 2);
        var scale = quick ? 0.1 : 1.0;
        Console.WriteLine($"Cache API cost: {workload.Runs} Workflows x a fan-out of {workload.Width} memoized nodes on one cache ConfigMap " +
            $"(run 1 misses and stores, later runs hit); Argo's backoff 1 s x {scale.ToString(CultureInfo.InvariantCulture)}, doubling, 5 retries");
        var argo = await ArgoReplay.RunAsync(workload, serialized: false, scale).ConfigureAwait(false);
        var argoLocked = await ArgoReplay.RunAsync(workload, serialized: true, scale).ConfigureAwait(false);
        var ours = await ReconcilerReplay.RunAsync(workload).ConfigureAwait(false);

        var per = 1000.0 / workload.MemoizedNodes;
        string P(double value) => (value * per).ToString("0.0", CultureInfo.InvariantCulture);
        Console.WriteLine("  per 1,000 memoized nodes        cm requests   cm writes   conflicts   wf writes   other req   lost entries   failed lookups    wall ms");
        foreach (var cost in new[] { argo, argoLocked, ours })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {cost.Engine,-30} {P(cost.ConfigMapRequests),12} {P(cost.ConfigMapWrites),11} {P(cost.Conflicts),11} {P(cost.WorkflowWrites),11} {P(cost.OtherRequests),11} " +
                $"{cost.LostEntries,14} {cost.FailedLookups,16} {cost.Wall.TotalMilliseconds * per,10:0}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  totals: Argo {argo.ConfigMapRequests} requests / {argo.ConfigMapWrites} writes; locked Argo {argoLocked.ConfigMapRequests} / {argoLocked.ConfigMapWrites}; " +
            $"ours {ours.ConfigMapRequests} / {ours.ConfigMapWrites} (+{ours.WorkflowWrites} Workflow updates)"));
        double Ratio(long baseline, long value) => value == 0 ? double.PositiveInfinity : (double)baseline / value;
        var writeRatio = Ratio(argo.ConfigMapWrites, ours.ConfigMapWrites);
        var lockedWriteRatio = Ratio(argoLocked.ConfigMapWrites, ours.ConfigMapWrites);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  ratio Argo/ours: ConfigMap writes {writeRatio:0.0}x (locked Argo {lockedWriteRatio:0.0}x), ConfigMap requests {Ratio(argo.ConfigMapRequests, ours.ConfigMapRequests):0.0}x, " +
            $"wall {argo.Wall.TotalMilliseconds / ours.Wall.TotalMilliseconds:0.0}x; lost entries: Argo {argo.LostEntries}, locked Argo {argoLocked.LostEntries}, ours {ours.LostEntries}"));
        var met = Math.Min(writeRatio, lockedWriteRatio) >= 10 && ours.LostEntries == 0;
        Console.WriteLine(met ? "  target (>= 10x fewer writes, zero lost entries): met" : "  target (>= 10x fewer writes, zero lost entries): MISSED");
        Console.WriteLine();
        return met ? 0 : 1;
    }
}
