using k8s.Models;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Bench.Cache;
using Memoize.Core.Cache;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;

namespace Memoize.Bench.Growth;

/// <summary>
/// <c>growth</c> (reconciler part): the reconciler's managed memory and lookup time with caches of 10, 1,000 and
/// 10,000 entries (sharded across ConfigMaps at the reconciler's size budget, 900 KiB; Workflows in the informers are
/// <see cref="InformerGrowthBenchmark"/>). Memory is the growth of this process's managed heap (after a full GC) from
/// before the reconciler starts to when it holds every shard; the emulator runs in its own process, so it is not
/// counted, but list buffers .NET keeps pooled afterwards are (about a ConfigMap's size, not more per entry); lookup time is the reconciler's read path: the informer's copy of the ConfigMap, the data key, Argo's hit rule.
/// </summary>
public static class ReconcilerGrowthBenchmark
{
    /// <summary>Runs the benchmark; returns 0 (growth has no pass/fail target here).</summary>
    public static async Task<int> RunAsync()
    {
        Console.WriteLine("Reconciler growth: cache entries (memory, lookup time)");
        // The reconciler's fixed part (host, clients, informers, pooled buffers: megabytes) dominates the small sizes,
        // so the marginal bytes per entry (against the previous size) is the figure that tells what an entry costs.
        Console.WriteLine("  entries  configmaps   memory KiB   bytes/entry   marginal bytes/entry   lookup ns   memory ratio   lookup ratio   size ratio");
        // The first reconciler measured in a process reads slower whichever size it has (checked by reversing the
        // order), so one is measured first and dropped; the smallest size can still read a little slower.
        _ = await MeasureCacheAsync(10).ConfigureAwait(false);
        var cacheRows = new List<(int Size, double Bytes, double LookupNs)>();
        foreach (var size in new[] { 10, 1000, 10000 })
        {
            var (bytes, shards, lookupNs) = await MeasureCacheAsync(size).ConfigureAwait(false);
            var marginal = cacheRows.Count == 0 ? "" : ((bytes - cacheRows[^1].Bytes) / (size - cacheRows[^1].Size)).ToString("0", CultureInfo.InvariantCulture);
            cacheRows.Add((size, bytes, lookupNs));
            var first = cacheRows[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {size,7} {shards,11} {bytes / 1024,12:0.0} {bytes / size,13:0} {marginal,22} {lookupNs,11:0} {bytes / first.Bytes,13:0.0}x {lookupNs / first.LookupNs,13:0.0}x {size / first.Size,11}x"));
        }
        GrowthFactor.Print([.. cacheRows.Select(r => (r.Size, r.Bytes))], "  memory");
        GrowthFactor.Print([.. cacheRows.Select(r => (r.Size, r.LookupNs))], "  lookup time");

        Console.WriteLine();
        return 0;
    }

    private static string Entry(int i) => new JsonObject
    {
        ["nodeID"] = $"fanout-0-{i}",
        ["outputs"] = FanOutWorkload.Outputs(i),
        ["creationTimestamp"] = "2026-12-04T10:00:09Z",
        ["lastHitTimestamp"] = "2026-12-04T10:00:09Z",
    }.ToJsonString();

    private static async Task<(double Bytes, int Shards, double LookupNs)> MeasureCacheAsync(int entries)
    {
        var directory = Directory.CreateTempSubdirectory("memoize-bench-").FullName;
        using var emulator = await EmulatorProcess.StartAsync(directory).ConfigureAwait(false);
        using var api = new KubernetesApiClient(KubeConfig.Load(emulator.KubeconfigPath).ToConnection(), RetryPolicy.None);
        var configMaps = new ConfigMapClient(api);

        // Shard as a user must: a new cache name whenever the next entry would pass the reconciler's budget.
        var budget = ReconcilerReplay.Options("sizing").SizeBudgetBytes;
        var shards = new List<Dictionary<string, string>> { new() };
        for (var i = 0; i < entries; i++)
        {
            var value = Entry(i);
            var current = shards[^1];
            current[FanOutWorkload.Key(i)] = value;
            if (CacheBudget.SizeOf(current) > budget)
            {
                current.Remove(FanOutWorkload.Key(i));
                shards.Add(new Dictionary<string, string> { [FanOutWorkload.Key(i)] = value });
            }
        }
        var shardOf = new Dictionary<string, string>();
        for (var s = 0; s < shards.Count; s++)
        {
            var configMap = ConfigMapClient.New(FanOutWorkload.CacheNamespace, $"growth-cache-{s}");
            configMap.SetLabel(CacheLabel.Key, CacheLabel.CacheValue);
            configMap.Data = new Dictionary<string, string>(shards[s]);
            foreach (var key in shards[s].Keys)
            {
                shardOf[key] = configMap.Name();
            }
            await configMaps.CreateAsync(configMap).ConfigureAwait(false);
        }

        var before = ManagedHeap.Measure();
        var (held, lookupNs) = await RunAsync(emulator.KubeconfigPath, shards.Count, shardOf, entries).ConfigureAwait(false);
        var bytes = held - before;
        Directory.Delete(directory, recursive: true);
        return (bytes, shards.Count, lookupNs);
    }

    // Starts the reconciler; returns the heap while it holds every shard, and the lookup time.
    private static async Task<(double Held, double LookupNs)> RunAsync(string kubeconfig, int shards, Dictionary<string, string> shardOf, int entries)
    {
        await using var host = await ReconcilerReplay.StartAsync(kubeconfig, "growth-reconciler").ConfigureAwait(false);
        await ReconcilerReplay.WaitAsync(() => host.Resources.AllCacheConfigMaps().Count() == shards, "the informer to hold every shard").ConfigureAwait(false);
        var held = ManagedHeap.Measure();

        // The reconciler's lookup: informer copy, data key, Argo's hit rule (maxAge 24h).
        _ = Memoize.Core.Durations.GoDuration.TryParse("24h", out var maxAge, out _);
        var now = DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture);
        var keys = Enumerable.Range(0, entries).Select(FanOutWorkload.Key).ToArray();
        bool Lookup(int i)
        {
            var key = keys[i % keys.Length];
            var raw = host.Resources.CacheConfigMap(FanOutWorkload.CacheNamespace, shardOf[key]) is { Data: { } data } && data.TryGetValue(key, out var v) ? v : null;
            return CacheLookup.Decide(raw, maxAge, now).IsHit;
        }

        // Warm-up for half a second: tiered compilation installs the optimized code after a delay, not a call count.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; warmUp.ElapsedMilliseconds < 500; i++)
        {
            _ = Lookup(i);
        }

        var hits = 0;
        var iterations = Math.Max(20_000, entries * 2);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            hits += Lookup(i) ? 1 : 0;
        }
        var lookupNs = clock.Elapsed.TotalNanoseconds / iterations;
        if (hits != iterations)
        {
            throw new InvalidOperationException($"expected every lookup to hit, {hits} of {iterations} did");
        }
        return (held, lookupNs);
    }
}
