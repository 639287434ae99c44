using System.Diagnostics;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;

namespace Memoize.Bench.Cache;

/// <summary>
/// Replays the workload through <see cref="ArgoConfigMapCache"/>: per run, every node's lookup at once (nodes are
/// created together), then every miss's save at once (the pods finish together), against the emulator over HTTPS.
/// </summary>
public static class ArgoReplay
{
    /// <summary>Runs the workload and returns its cost.</summary>
    public static async Task<CacheCost> RunAsync(FanOutWorkload workload, bool serialized, double backoffScale)
    {
        var directory = Directory.CreateTempSubdirectory("memoize-bench-").FullName;
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null }).ConfigureAwait(false);
        using var api = new KubernetesApiClient(ReconcilerReplay.KubeConfigFor(emulator, directory).ToConnection(), RetryPolicy.None);
        var configMaps = new ConfigMapClient(api);
        var cache = new ArgoConfigMapCache(configMaps, FanOutWorkload.CacheNamespace, FanOutWorkload.CacheName, serialized, backoffScale);

        emulator.Requests.Reset();
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < workload.Runs; run++)
        {
            var hits = await Task.WhenAll(Enumerable.Range(0, workload.Width).Select(i => Task.Run(() => cache.LookupAsync(FanOutWorkload.Key(i))))).ConfigureAwait(false);
            var misses = Enumerable.Range(0, workload.Width).Where(i => !hits[i]).ToList();
            await Task.WhenAll(misses.Select(i => Task.Run(() => cache.SaveAsync(FanOutWorkload.Key(i), $"fanout-{run}-{i}", FanOutWorkload.Outputs(i))))).ConfigureAwait(false);
        }
        var wall = clock.Elapsed;
        var counts = emulator.Requests;
        var cost = new CacheCost(
            serialized ? "Argo, one lock per cache" : "Argo, 200 parallel savers",
            counts.Count(resource: "configmaps"),
            counts.Writes("configmaps"),
            counts.Count(status: 409),
            WorkflowWrites: 0,
            OtherRequests: counts.Total - counts.Count(resource: "configmaps"),
            LostEntries: await ReconcilerReplay.LostEntriesAsync(configMaps, workload).ConfigureAwait(false),
            FailedLookups: cache.FailedLookups,
            wall);
        Directory.Delete(directory, recursive: true);
        return cost;
    }
}
