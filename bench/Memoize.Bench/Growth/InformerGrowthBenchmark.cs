using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Bench.Cache;
using Memoize.Core.Objects;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Bench.Growth;

/// <summary>
/// <c>growth</c> (informer part): the webhook's and the reconciler's managed memory with 100, 1,000 and 10,000 finished
/// Workflows of 50 memoized nodes in their informers. One emulator, in a process of its own (<see cref="EmulatorProcess"/>,
/// so none of it is counted), is filled step by step; at each size three figures are taken, each as the growth of this
/// process's managed heap (after a full compacting GC): what the webhook keeps per Workflow (transform, store, index;
/// no I/O), the webhook's index as it runs (four informers listing over HTTPS, so list buffers .NET keeps pooled count
/// too), and the reconciler (whole Workflows). The webhook's target: under 1 KiB per indexed Workflow, on the first.
/// </summary>
public static class InformerGrowthBenchmark
{
    /// <summary>The webhook's target, in bytes per indexed Workflow.</summary>
    public const double WebhookTargetBytesPerWorkflow = 1024;

    private const int NodesPerWorkflow = 50;

    /// <summary>Runs the benchmark; returns 1 when the webhook's per-Workflow target is missed.</summary>
    public static async Task<int> RunAsync(bool quick)
    {
        int[] sizes = quick ? [100, 1000] : [100, 1000, 10000];
        var directory = Directory.CreateTempSubdirectory("memoize-bench-").FullName;
        using var emulator = await EmulatorProcess.StartAsync(directory).ConfigureAwait(false);
        var kubeconfig = KubeConfig.Load(emulator.KubeconfigPath);
        using var driverApi = new KubernetesApiClient(kubeconfig.ToConnection(), RetryPolicy.None);
        var workflows = new ArgoResourceClient(driverApi, ResourceType.Workflows);
        var jsonBytes = Workflow(0).ToJsonString().Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Growth: finished Workflows of {NodesPerWorkflow} memoized nodes ({jsonBytes / 1024.0:0.0} KiB of JSON each) in the informers; managed heap after a full GC"));

        var keptRows = new List<(int Size, double Bytes)>();
        var webhookRows = new List<(int Size, double Bytes)>();
        var reconcilerRows = new List<(int Size, double Bytes)>();
        var created = 0;
        foreach (var size in sizes)
        {
            await CreateAsync(workflows, created, size).ConfigureAwait(false);
            created = size;
            keptRows.Add((size, MeasureWebhookKept(size)));
            webhookRows.Add((size, await MeasureWebhookAsync(kubeconfig, size).ConfigureAwait(false)));
            reconcilerRows.Add((size, await MeasureReconcilerAsync(emulator.KubeconfigPath, size).ConfigureAwait(false)));
        }

        Console.WriteLine("  webhook, what it keeps per Workflow (the informer's transform, its store and the index; no I/O)");
        PrintTable(keptRows, bytesPerRowUnit: 1, unit: "B");
        Console.WriteLine($"  webhook, heap growth with its informers listing over HTTPS (includes list buffers .NET keeps pooled, bounded by a {InformerOptions.DefaultPageSize}-Workflow page)");
        PrintTable(webhookRows, bytesPerRowUnit: 1024, unit: "KiB");
        Console.WriteLine("  reconciler, heap growth with its informers (whole Workflows)");
        PrintTable(reconcilerRows, bytesPerRowUnit: 1024, unit: "KiB");
        if (quick)
        {
            Console.WriteLine("  (--quick: 10,000 Workflows only in the full run)");
        }

        var (previous, largest) = (keptRows[^2], keptRows[^1]);
        var marginal = (largest.Bytes - previous.Bytes) / (largest.Size - previous.Size);
        var perWorkflow = largest.Bytes / largest.Size;
        var met = perWorkflow < WebhookTargetBytesPerWorkflow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  target: webhook memory per indexed Workflow < 1 KiB: {perWorkflow:0} B at {largest.Size:N0} Workflows ({marginal:0} B each from {previous.Size:N0}): {(met ? "met" : "MISSED")}"));
        Console.WriteLine();
        Directory.Delete(directory, recursive: true);
        return met ? 0 : 1;
    }

    /// <summary>
    /// Workflow <paramref name="index"/> as Argo leaves it when done: Succeeded, a DAG root and 49 memoized pod nodes,
    /// each finished with outputs, a main-logs artifact and memoizationStatus (a hit), so the reconciler has nothing to do.
    /// </summary>
    public static JsonObject Workflow(int index)
    {
        var name = $"done-{index}";
        var workflow = new FanOutWorkload(Width: NodesPerWorkflow - 1, Runs: 1).Workflow(0);
        workflow["metadata"]!["name"] = name;
        workflow["metadata"]!["uid"] = $"00000000-0000-4000-8000-{index:D12}";
        workflow["status"]!["phase"] = "Succeeded";
        workflow["status"]!["finishedAt"] = "2026-12-04T10:00:09Z";
        workflow["status"]!["progress"] = $"{NodesPerWorkflow - 1}/{NodesPerWorkflow - 1}";
        var nodes = new JsonObject();
        var item = 0;
        foreach (var (id, node) in (JsonObject)workflow["status"]!["nodes"]!)
        {
            var nodeId = id.Replace("fanout-0", name, StringComparison.Ordinal);
            var copy = (JsonObject)node!.DeepClone();
            copy["id"] = nodeId;
            copy["name"] = copy["name"]!.GetValue<string>().Replace("fanout-0", name, StringComparison.Ordinal);
            copy["displayName"] = copy["name"]!.GetValue<string>();
            copy["phase"] = "Succeeded";
            copy["boundaryID"] = name;
            copy["finishedAt"] = "2026-12-04T10:00:09Z";
            copy["progress"] = "1/1";
            copy["resourcesDuration"] = new JsonObject { ["cpu"] = 3, ["memory"] = 3 };
            if (copy["children"] is JsonArray children)
            {
                copy["children"] = new JsonArray([.. children.Select(c => (JsonNode)c!.GetValue<string>().Replace("fanout-0", name, StringComparison.Ordinal))]);
                copy.Remove("boundaryID");
            }
            else
            {
                var outputs = FanOutWorkload.Outputs(item);
                outputs["artifacts"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main-logs",
                    ["s3"] = new JsonObject { ["key"] = $"{name}/{nodeId}/main.log" },
                });
                copy["outputs"] = outputs;
                copy["hostNodeName"] = $"worker-{item % 7}";
                copy["memoizationStatus"] = new JsonObject { ["hit"] = true, ["key"] = FanOutWorkload.Key(item), ["cacheName"] = FanOutWorkload.CacheName };
                item++;
            }

            nodes[nodeId] = copy;
        }

        workflow["status"]!["nodes"] = nodes;
        return workflow;
    }

    private static void PrintTable(List<(int Size, double Bytes)> rows, double bytesPerRowUnit, string unit)
    {
        Console.WriteLine($"    workflows   memory MiB   {unit + "/workflow",14}   marginal {unit + "/workflow",14}   memory ratio   size ratio");
        var first = rows[0];
        for (var i = 0; i < rows.Count; i++)
        {
            var (size, bytes) = rows[i];
            var marginal = i == 0 ? "" : ((bytes - rows[i - 1].Bytes) / (size - rows[i - 1].Size) / bytesPerRowUnit).ToString("0.0", CultureInfo.InvariantCulture);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {size,9:N0} {bytes / 1048576,12:0.0} {bytes / size / bytesPerRowUnit,18:0.0} {marginal,27} {bytes / first.Bytes,13:0.0}x {size / first.Size,11}x"));
        }

        GrowthFactor.Print(rows, "    memory");
    }

    private static async Task CreateAsync(ArgoResourceClient workflows, int from, int to)
    {
        using var parallel = new SemaphoreSlim(8);
        await Task.WhenAll(Enumerable.Range(from, to - from).Select(async i =>
        {
            await parallel.WaitAsync().ConfigureAwait(false);
            try
            {
                await workflows.CreateAsync(Workflow(i)).ConfigureAwait(false);
            }
            finally
            {
                parallel.Release();
            }
        })).ConfigureAwait(false);
    }

    // The webhook as it runs: its own API client, the four informers listing over HTTPS in pages, the index. The growth
    // of this process's heap while it is synced, so it includes the list pages' buffers that .NET keeps pooled
    // (ArrayPool.Shared) afterwards: bounded by a page of Workflows, not by their count, and different from run to run.
    private static async Task<double> MeasureWebhookAsync(KubeConfig kubeconfig, int count)
    {
        var before = ManagedHeap.Measure();
        using var api = new KubernetesApiClient(kubeconfig.ToConnection());
        var policy = new WebhookOptions().CacheNamespacePolicy;
        var index = new CacheConfigMapIndex(policy);
        using var feeder = new ArgoObjectIndexFeeder(api, index, NullLogger<ArgoObjectIndexFeeder>.Instance);
        using var stop = new CancellationTokenSource();
        await feeder.StartAsync(stop.Token).ConfigureAwait(false);
        var indexed = feeder.Informers.Single(informer => informer.Type == ResourceType.Workflows);
        await ReconcilerReplay.WaitAsync(() => index.IsSynced && indexed.Count == count, "the webhook's index to hold every Workflow").ConfigureAwait(false);
        if (!index.IsNamedCache(policy.For(FanOutWorkload.WorkflowNamespace) ?? "", FanOutWorkload.CacheName))
        {
            throw new InvalidOperationException("the webhook's index does not know the Workflows' cache: it would measure an empty index");
        }

        var bytes = ManagedHeap.Measure() - before;
        await stop.CancelAsync().ConfigureAwait(false);
        await feeder.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return bytes;
    }

    // What the webhook keeps of each Workflow, without the I/O and its pooled buffers: every Workflow goes through the
    // informer's transform (CacheConfigMapIndex.Describe, as ArgoObjectIndexFeeder does) into a store shaped like the
    // informer's (key to value and resourceVersion) and into the index; the Workflow object itself is dropped.
    private static double MeasureWebhookKept(int count)
    {
        var before = ManagedHeap.Measure();
        var index = new CacheConfigMapIndex(new WebhookOptions().CacheNamespacePolicy);
        var store = new ConcurrentDictionary<string, (IndexedArgoObject Value, string? ResourceVersion)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var workflow = Workflow(i);
            workflow["metadata"]!["resourceVersion"] = (1000 + i).ToString(CultureInfo.InvariantCulture);
            var value = index.Describe(ArgoObject.TryFrom(workflow) ?? throw new InvalidOperationException("the growth Workflow is not an Argo object"));
            store[ObjectMetadata.Key(workflow)] = (value, ObjectMetadata.ResourceVersion(workflow));
            index.Upsert(value);
        }

        var bytes = ManagedHeap.Measure() - before;
        GC.KeepAlive(store);
        GC.KeepAlive(index);
        return bytes;
    }

    // The reconciler as it runs; its informers keep whole Workflows, so their size dwarfs any pooled buffer.
    private static async Task<double> MeasureReconcilerAsync(string kubeconfig, int count)
    {
        var before = ManagedHeap.Measure();
        await using var host = await ReconcilerReplay.StartAsync(kubeconfig, $"growth-reconciler-{count}").ConfigureAwait(false);
        await ReconcilerReplay.WaitAsync(() => host.Resources.Workflows.Sum(i => i.Count) == count, "the reconciler's informer to hold every Workflow").ConfigureAwait(false);
        return ManagedHeap.Measure() - before;
    }
}
