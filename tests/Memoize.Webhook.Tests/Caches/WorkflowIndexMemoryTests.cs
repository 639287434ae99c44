using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Cluster;
using Memoize.Webhook.Host;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Webhook.Tests.Caches;

/// <summary>The webhook's informers keep only names of Workflows, however large their statuses, and read multi-page lists whole.</summary>
public sealed class WorkflowIndexMemoryTests
{
    private const int Workflows = 25;
    private const int PageSize = 10;

    /// <summary>A Workflow memoized into <c>cache-N</c> with a finished status of 50 nodes with long messages.</summary>
    private static JsonObject LargeWorkflow(int i)
    {
        var nodes = new JsonObject();
        for (var n = 0; n < 50; n++)
        {
            nodes[$"wf-{i:D2}-{n}"] = new JsonObject
            {
                ["id"] = $"wf-{i:D2}-{n}",
                ["name"] = $"wf-{i:D2}[0].step-{n}",
                ["type"] = "Pod",
                ["phase"] = "Succeeded",
                ["message"] = new string('m', 400),
                ["outputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "out", ["value"] = new string('v', 200) }) },
            };
        }

        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject { ["name"] = $"wf-{i:D2}", ["namespace"] = "argo" },
            ["spec"] = new JsonObject
            {
                ["entrypoint"] = "main",
                ["templates"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["memoize"] = new JsonObject { ["key"] = "k", ["maxAge"] = "1h", ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = $"cache-{i % 3}" } } },
                    ["container"] = new JsonObject { ["image"] = "alpine", ["command"] = new JsonArray("echo") },
                }),
            },
            ["status"] = new JsonObject { ["phase"] = "Succeeded", ["message"] = new string('s', 1000), ["nodes"] = nodes },
        };
    }

    [Fact]
    public async Task Without_options_the_webhook_lists_in_pages_of_100_so_a_page_of_large_Workflows_is_no_memory_spike()
    {
        // 150 Workflows: two list requests in pages of 100, where client-go's 500 would be one.
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await CreateWorkflowsAsync(emulator, 150, SmallWorkflow);
        emulator.Requests.Reset();
        await using var running = await RunningFeeder.StartSyncedAsync(emulator, options: null);

        Assert.Equal(100, InformerOptions.DefaultPageSize);
        Assert.Equal(2, emulator.Requests.Count(verb: "list", resource: "workflows"));
        Assert.Equal(150, running.Feeder.Informers.Single(informer => informer.Type == ResourceType.Workflows).Count);
    }

    private static JsonObject SmallWorkflow(int i) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Workflow",
        ["metadata"] = new JsonObject { ["name"] = $"small-{i:D3}", ["namespace"] = "argo" },
        ["spec"] = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(new JsonObject { ["name"] = "main", ["container"] = new JsonObject { ["image"] = "alpine" } }) },
    };

    private static async Task CreateWorkflowsAsync(KubernetesApiEmulator emulator, int count, Func<int, JsonObject> workflow)
    {
        using var http = emulator.CreateHttpClient();
        for (var i = 0; i < count; i++)
        {
            using var content = new StringContent(workflow(i).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", UriKind.Relative), content);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    [Fact]
    public async Task Workflows_with_large_statuses_are_indexed_by_name_and_cache_names_only_across_several_pages()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        await CreateWorkflowsAsync(emulator, Workflows, LargeWorkflow);
        await using var running = await RunningFeeder.StartSyncedAsync(emulator, new InformerOptions { PageSize = PageSize });
        var (feeder, index) = (running.Feeder, running.Index);

        var workflows = feeder.Informers.Single(informer => informer.Type == ResourceType.Workflows);
        IReadOnlyList<IndexedArgoObject> kept = workflows.List();
        var ordered = kept.OrderBy(o => o.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(0, Workflows).Select(i => $"Workflow argo/wf-{i:D2} -> argo/cache-{i % 3}"),
            ordered.Select(o => $"{o.Kind} {o.Namespace}/{o.Name} -> {string.Join(",", o.CacheConfigMaps.Select(c => $"{c.Namespace}/{c.Name}"))}"));
        Assert.True(index.IsNamedCache("argo", "cache-2"));
        Assert.False(index.IsNamedCache("argo", "cache-3"));
    }

    // The webhook's informers over the emulator, started and synced; stopped and disposed with the value.
    private sealed class RunningFeeder : IAsyncDisposable
    {
        private readonly KubernetesApiClient api;
        private readonly CancellationTokenSource stop = new();

        private RunningFeeder(KubernetesApiClient api, CacheConfigMapIndex index, ArgoObjectIndexFeeder feeder)
        {
            this.api = api;
            Index = index;
            Feeder = feeder;
        }

        public CacheConfigMapIndex Index { get; }

        public ArgoObjectIndexFeeder Feeder { get; }

        public static async Task<RunningFeeder> StartSyncedAsync(KubernetesApiEmulator emulator, InformerOptions? options)
        {
            var kubeconfig = Path.Combine(Path.GetTempPath(), "memoize-index-" + Guid.NewGuid().ToString("N"));
            emulator.WriteKubeconfig(kubeconfig, "argo");
            var api = new KubernetesApiClient(KubeConfig.Load(kubeconfig).ToConnection(), RetryPolicy.None);
            File.Delete(kubeconfig);
            var index = new CacheConfigMapIndex(new WebhookOptions().CacheNamespacePolicy);
            var running = new RunningFeeder(api, index, new ArgoObjectIndexFeeder(api, index, NullLogger<ArgoObjectIndexFeeder>.Instance, options));
            await running.Feeder.StartAsync(running.stop.Token);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!index.IsSynced && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            if (!index.IsSynced)
            {
                await running.DisposeAsync();
                Assert.Fail("the index did not sync within 30 s");
            }

            return running;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Feeder.StopAsync(CancellationToken.None);
            Feeder.Dispose();
            api.Dispose();
            stop.Dispose();
        }
    }
}
