using k8s.Models;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Bench.Cache;
using Memoize.Core.Cache;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;

namespace Memoize.Bench.Growth;

/// <summary>
/// <c>growth</c> (reconciler part): the reconciler's managed memory and lookup time with caches of 10, 1,000 and
/// 10,000 entries (sharded across ConfigMaps at the reconciler's size budget, 900 KiB), and its memory with 100,
/// 1,000 and 10,000 Workflows of 50 nodes in its informers. Memory is the managed heap after a full GC with the
/// reconciler started and synced, minus the same heap before it started (the in-process emulator's own storage is in
/// both); lookup time is the reconciler's read path: the informer's copy of the ConfigMap, the data key, Argo's hit rule.
/// </summary>
public static class ReconcilerGrowthBenchmark
{
    /// <summary>Runs the benchmark; returns 0 (growth has no pass/fail target here).</summary>
    public static async Task<int> RunAsync(bool quick)
    {
        Console.WriteLine("Reconciler growth: cache entries (memory, lookup time)");
        Console.WriteLine("  entries  configmaps   memory KiB   bytes/entry   lookup ns   memory ratio   lookup ratio   size ratio");
        var cacheRows = new List<(int Size, double Bytes, double LookupNs)>();
        foreach (var size in new[] { 10, 1000, 10000 })
        {
            var (bytes, shards, lookupNs) = await MeasureCacheAsync(size).ConfigureAwait(false);
            cacheRows.Add((size, bytes, lookupNs));
            var first = cacheRows[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {size,7} {shards,11} {bytes / 1024,12:0.0} {bytes / size,13:0} {lookupNs,11:0} {bytes / first.Bytes,13:0.0}x {lookupNs / first.LookupNs,13:0.0}x {size / first.Size,11}x"));
        }
        PrintPerTenX(cacheRows.Select(r => (r.Size, r.Bytes)).ToList(), "memory");
        PrintPerTenX(cacheRows.Select(r => (r.Size, r.LookupNs)).ToList(), "lookup time");

        Console.WriteLine("Reconciler growth: Workflows of 50 nodes in the informers (memory)");
        Console.WriteLine("  workflows   memory MiB   KiB/workflow   JSON KiB/workflow   memory ratio   size ratio");
        var workflowRows = new List<(int Size, double Bytes)>();
        foreach (var size in quick ? new[] { 100, 1000 } : new[] { 100, 1000, 10000 })
        {
            var (bytes, jsonBytes) = await MeasureWorkflowsAsync(size).ConfigureAwait(false);
            workflowRows.Add((size, bytes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {size,9} {bytes / 1048576,12:0.0} {bytes / size / 1024,14:0.0} {jsonBytes / 1024.0,19:0.0} {bytes / workflowRows[0].Bytes,13:0.0}x {size / workflowRows[0].Size,11}x"));
        }
        if (quick)
        {
            Console.WriteLine("  (--quick: 10,000 Workflows only in the full run)");
        }
        PrintPerTenX(workflowRows, "memory");
        Console.WriteLine();
        return 0;
    }

    private static void PrintPerTenX(IReadOnlyList<(int Size, double Value)> rows, string what)
    {
        var steps = new List<string>();
        for (var i = 1; i < rows.Count; i++)
        {
            var factor = Math.Pow(rows[i].Value / rows[i - 1].Value, 1 / Math.Log10((double)rows[i].Size / rows[i - 1].Size));
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{rows[i - 1].Size:N0} -> {rows[i].Size:N0}: {factor:0.0}x"));
        }
        Console.WriteLine($"  {what} growth per 10x: {string.Join(", ", steps)}");
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
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null }).ConfigureAwait(false);
        using var api = new KubernetesApiClient(ReconcilerReplay.KubeConfigFor(emulator, directory).ToConnection(), RetryPolicy.None);
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

        var before = Heap();
        await using var host = await ReconcilerReplay.StartAsync(emulator, directory, "growth-reconciler").ConfigureAwait(false);
        await ReconcilerReplay.WaitAsync(() => host.Resources.AllCacheConfigMaps().Count() == shards.Count, "the informer to hold every shard").ConfigureAwait(false);
        var bytes = Heap() - before;

        // The reconciler's lookup: informer copy, data key, Argo's hit rule (maxAge 24h).
        _ = Memoize.Core.Durations.GoDuration.TryParse("24h", out var maxAge, out _);
        var now = DateTimeOffset.Parse("2026-12-04T12:00:00Z", CultureInfo.InvariantCulture);
        var keys = Enumerable.Range(0, entries).Select(FanOutWorkload.Key).ToArray();
        var hits = 0;
        var iterations = Math.Max(20_000, entries * 2);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            var key = keys[i % keys.Length];
            var raw = host.Resources.CacheConfigMap(FanOutWorkload.CacheNamespace, shardOf[key]) is { Data: { } data } && data.TryGetValue(key, out var v) ? v : null;
            hits += CacheLookup.Decide(raw, maxAge, now).IsHit ? 1 : 0;
        }
        var lookupNs = clock.Elapsed.TotalNanoseconds / iterations;
        if (hits != iterations)
        {
            throw new InvalidOperationException($"expected every lookup to hit, {hits} of {iterations} did");
        }
        Directory.Delete(directory, recursive: true);
        return (bytes, shards.Count, lookupNs);
    }

    private static JsonObject FiftyNodeWorkflow(int index)
    {
        var workflow = new FanOutWorkload(Width: 49, Runs: 1).Workflow(0);
        var name = $"done-{index}";
        workflow["metadata"]!["name"] = name;
        workflow["spec"]!["templates"]![1]!.AsObject().Remove("memoize"); // the reconciler has nothing to do: memory only
        workflow["status"]!["phase"] = "Succeeded";
        var nodes = new JsonObject();
        foreach (var (id, node) in (JsonObject)workflow["status"]!["nodes"]!)
        {
            var copy = (JsonObject)node!.DeepClone();
            copy["phase"] = "Succeeded";
            copy["finishedAt"] = "2026-12-04T10:00:09Z";
            copy["hostNodeName"] = "kind-worker";
            copy["progress"] = "1/1";
            copy["resourcesDuration"] = new JsonObject { ["cpu"] = 3, ["memory"] = 3 };
            copy["outputs"] = FanOutWorkload.Outputs(nodes.Count);
            nodes[id.Replace("fanout-0", name, StringComparison.Ordinal)] = copy;
            copy["id"] = id.Replace("fanout-0", name, StringComparison.Ordinal);
            if (copy["children"] is JsonArray children)
            {
                copy["children"] = new JsonArray(children.Select(c => (JsonNode)c!.GetValue<string>().Replace("fanout-0", name, StringComparison.Ordinal)).ToArray());
            }
        }
        workflow["status"]!["nodes"] = nodes;
        return workflow;
    }

    private static async Task<(double Bytes, int JsonBytes)> MeasureWorkflowsAsync(int count)
    {
        var directory = Directory.CreateTempSubdirectory("memoize-bench-").FullName;
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null }).ConfigureAwait(false);
        using var api = new KubernetesApiClient(ReconcilerReplay.KubeConfigFor(emulator, directory).ToConnection(), RetryPolicy.None);
        var workflows = new ArgoResourceClient(api, ResourceType.Workflows);
        var jsonBytes = FiftyNodeWorkflow(0).ToJsonString().Length;
        using (var parallel = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await parallel.WaitAsync().ConfigureAwait(false);
                try
                {
                    await workflows.CreateAsync(FiftyNodeWorkflow(i)).ConfigureAwait(false);
                }
                finally
                {
                    parallel.Release();
                }
            })).ConfigureAwait(false);
        }

        var before = Heap();
        await using var host = await ReconcilerReplay.StartAsync(emulator, directory, "growth-reconciler").ConfigureAwait(false);
        await ReconcilerReplay.WaitAsync(() => host.Resources.Workflows.Sum(i => i.List().Count()) == count, "the informer to hold every Workflow").ConfigureAwait(false);
        var bytes = Heap() - before;
        Directory.Delete(directory, recursive: true);
        return (bytes, jsonBytes);
    }

    private static double Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
