using k8s.Models;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Bench.Cache;

/// <summary>
/// Replays the workload through the real reconciler (in process, through its real client and informers, against the
/// emulator over HTTPS), with this driver playing Argo's controller: it creates each run's Workflow and, after the
/// reconciler marked the misses, sets those nodes Succeeded with their outputs. The driver's own requests are
/// subtracted; waits are on the informer's copy, so they send no request.
/// </summary>
public static class ReconcilerReplay
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    /// <summary>Options as a deployment would use them, plus an ephemeral metrics port and no GC (not part of the workload).</summary>
    public static ReconcilerOptions Options(string identity) => new()
    {
        ControllerNamespace = FanOutWorkload.CacheNamespace,
        MetricsAddress = new IPEndPoint(IPAddress.Loopback, 0),
        GarbageCollection = false,
        Identity = identity,
    };

    /// <summary>Starts a reconciler against <paramref name="emulator"/> and waits until it synced and leads.</summary>
    public static async Task<ReconcilerHost> StartAsync(KubernetesApiEmulator emulator, string directory, string identity)
    {
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        emulator.WriteKubeconfig(kubeconfig);
        return await StartAsync(kubeconfig, identity).ConfigureAwait(false);
    }

    /// <summary>Starts a reconciler against the cluster of <paramref name="kubeconfig"/> and waits until it synced and leads.</summary>
    public static async Task<ReconcilerHost> StartAsync(string kubeconfig, string identity)
    {
        var host = ReconcilerHost.Create(Options(identity), KubeConfig.Load(kubeconfig).ToConnection(), NullLoggerFactory.Instance);
        await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        await WaitAsync(() => host.Resources.IsSynced && host.IsLeader, "the reconciler to sync and lead").ConfigureAwait(false);
        return host;
    }

    /// <summary>Runs the workload and returns its cost.</summary>
    public static async Task<CacheCost> RunAsync(FanOutWorkload workload)
    {
        var directory = Directory.CreateTempSubdirectory("memoize-bench-").FullName;
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null }).ConfigureAwait(false);
        using var driverApi = new KubernetesApiClient(KubeConfigFor(emulator, directory).ToConnection(), RetryPolicy.None);
        var workflows = new ArgoResourceClient(driverApi, ResourceType.Workflows);
        var configMaps = new ConfigMapClient(driverApi);
        await using var host = await StartAsync(emulator, directory, "bench-reconciler").ConfigureAwait(false);

        emulator.Requests.Reset();
        long driverWorkflowWrites = 0;
        var wall = TimeSpan.Zero;
        for (var run = 0; run < workload.Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var workflow = workload.Workflow(run);
            var name = ObjectMetadata.Name(workflow)!;
            await workflows.CreateAsync(workflow).ConfigureAwait(false);
            driverWorkflowWrites++;
            await WaitAsync(() => MarkedNodes(host, name) == workload.Width, $"{name}: every node marked").ConfigureAwait(false);

            var misses = Nodes(host, name).Where(n => n["memoizationStatus"]?["hit"]?.GetValue<bool>() == false).Select(n => n["id"]!.GetValue<string>()).ToList();
            if (misses.Count > 0)
            {
                // Argo's controller: the pods ran and succeeded.
                while (true)
                {
                    var current = (JsonObject)host.Resources.Workflow(FanOutWorkload.WorkflowNamespace, name)!.DeepClone();
                    var nodes = (JsonObject)current["status"]!["nodes"]!;
                    foreach (var id in misses)
                    {
                        var node = (JsonObject)nodes[id]!;
                        node["phase"] = "Succeeded";
                        node["finishedAt"] = "2026-12-04T10:00:09Z";
                        node["outputs"] = FanOutWorkload.Outputs(int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
                    }
                    driverWorkflowWrites++;
                    try
                    {
                        await workflows.UpdateAsync(current).ConfigureAwait(false);
                        break;
                    }
                    catch (Memoize.Kubernetes.Errors.ConflictException)
                    {
                        await Task.Delay(10).ConfigureAwait(false); // the informer brings the newer version
                    }
                }
            }
            var expected = Enumerable.Range(0, workload.Width).Select(FanOutWorkload.Key).ToList();
            await WaitAsync(() => host.Resources.CacheConfigMap(FanOutWorkload.CacheNamespace, FanOutWorkload.CacheName) is { Data: { } data } && expected.All(data.ContainsKey),
                $"{name}: every entry stored").ConfigureAwait(false);
            wall += clock.Elapsed;
            await QuiesceAsync(emulator).ConfigureAwait(false);
        }
        var counts = emulator.Requests;
        var cost = new CacheCost(
            "this reconciler",
            counts.Count(resource: "configmaps"),
            counts.Writes("configmaps"),
            counts.Count(status: 409),
            counts.Writes("workflows") - driverWorkflowWrites,
            counts.Total - counts.Count(resource: "configmaps") - counts.Count(resource: "workflows"),
            LostEntries: await LostEntriesAsync(configMaps, workload).ConfigureAwait(false),
            FailedLookups: 0,
            wall);
        Directory.Delete(directory, recursive: true);
        return cost;
    }

    /// <summary>Entries of the workload missing from the cache ConfigMap, read back from the API server.</summary>
    public static async Task<int> LostEntriesAsync(ConfigMapClient configMaps, FanOutWorkload workload)
    {
        var stored = await configMaps.TryGetAsync(FanOutWorkload.CacheNamespace, FanOutWorkload.CacheName).ConfigureAwait(false);
        return Enumerable.Range(0, workload.Width).Count(i => stored?.Data is null || !stored.Data.TryGetValue(FanOutWorkload.Key(i), out var v)
            || JsonNode.Parse(v)?["nodeID"]?.GetValue<string>() is not { Length: > 0 });
    }

    /// <summary>A kubeconfig for the emulator, written under <paramref name="directory"/>.</summary>
    public static KubeConfig KubeConfigFor(KubernetesApiEmulator emulator, string directory)
    {
        var path = Path.Combine(directory, "driver-kubeconfig");
        emulator.WriteKubeconfig(path);
        return KubeConfig.Load(path);
    }

    private static IEnumerable<JsonObject> Nodes(ReconcilerHost host, string name) =>
        ((JsonObject?)host.Resources.Workflow(FanOutWorkload.WorkflowNamespace, name)?["status"]?["nodes"])?
            .Select(p => (JsonObject)p.Value!).Where(n => n["type"]?.GetValue<string>() == "Pod") ?? [];

    private static int MarkedNodes(ReconcilerHost host, string name) => Nodes(host, name).Count(n => n["memoizationStatus"] is not null);

    // The lastHitTimestamp touches of a hit run land after the marks: wait until the API sees no write for a while.
    private static async Task QuiesceAsync(KubernetesApiEmulator emulator)
    {
        var last = -1L;
        var until = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < until)
        {
            var now = emulator.Requests.Writes("configmaps");
            if (now == last)
            {
                return;
            }
            last = now;
            await Task.Delay(300).ConfigureAwait(false);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 5 ms until it holds; throws after two minutes.</summary>
    public static async Task WaitAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }
            await Task.Delay(5).ConfigureAwait(false);
        }
    }
}
