using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Reconciler.Controllers;
using Memoize.Reconciler.Hosting;

namespace Memoize.Reconciler.Tests.Controllers;

/// <summary>
/// What the reconciler's informers keep, and how they list: pages of 100, objects without metadata.managedFields,
/// Workflows as text (a fresh copy per read). A page is read whole on top of what they keep.
/// </summary>
public sealed class WatchedResourcesTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";
    private const string Workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";

    [Fact]
    public async Task Without_options_cache_ConfigMaps_and_Workflows_are_listed_in_pages_of_100()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var http = emulator.CreateHttpClient();
        // 150 of each: two list requests per kind in pages of 100, where client-go's 500 would be one.
        for (var i = 0; i < 150; i++)
        {
            await CreateAsync(http, ConfigMaps, CacheConfigMap($"cache-{i:D3}"));
            await CreateAsync(http, Workflows, Workflow($"wf-{i:D3}"));
        }

        emulator.Requests.Reset();
        await using var running = await Running.StartSyncedAsync(emulator);

        Assert.Equal(2, emulator.Requests.Count(verb: "list", resource: "configmaps"));
        Assert.Equal(2, emulator.Requests.Count(verb: "list", resource: "workflows"));
        Assert.Equal(150, running.Resources.AllCacheConfigMaps().Count());
        Assert.Equal(150, running.Resources.Workflows.Sum(informer => informer.Count));
    }

    [Fact]
    public async Task Cache_ConfigMaps_and_Workflows_are_kept_without_managedFields_and_Workflows_read_as_fresh_copies()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var http = emulator.CreateHttpClient();
        var configMap = CacheConfigMap("greeting-cache");
        configMap["metadata"]!["managedFields"] = ManagedFieldsFor(new JsonObject { ["f:data"] = new JsonObject { ["."] = new JsonObject(), ["f:hello"] = new JsonObject() } });
        configMap["data"] = new JsonObject { ["hello"] = "{}" };
        await CreateAsync(http, ConfigMaps, configMap);
        var workflow = Workflow("hello");
        workflow["metadata"]!["labels"] = new JsonObject { ["team"] = "data" };
        workflow["metadata"]!["managedFields"] = ManagedFieldsFor(new JsonObject { ["f:status"] = new JsonObject { ["f:phase"] = new JsonObject() } });
        await CreateAsync(http, Workflows, workflow);
        using var served = await http.GetAsync(new Uri($"{Workflows}/hello", UriKind.Relative));
        Assert.NotNull(JsonNode.Parse(await served.Content.ReadAsStringAsync())!["metadata"]!["managedFields"]);

        await using var running = await Running.StartSyncedAsync(emulator);

        var keptConfigMap = running.Resources.CacheConfigMap("argo", "greeting-cache")!;
        Assert.Null(keptConfigMap.Metadata.ManagedFields);
        Assert.Equal("Cache", keptConfigMap.Metadata.Labels["workflows.argoproj.io/configmap-type"]);
        Assert.Equal("{}", keptConfigMap.Data["hello"]);
        var kept = running.Resources.Workflow("argo", "hello")!;
        Assert.Null(kept["metadata"]!["managedFields"]);
        Assert.Equal("data", (string?)kept["metadata"]!["labels"]!["team"]);
        Assert.Equal("alpine", (string?)kept["spec"]!["templates"]![0]!["container"]!["image"]);

        // Workflows are kept as text: every read is a fresh copy, so a reader's change never reaches the store.
        var informer = Assert.Single(running.Resources.Workflows);
        Assert.Equal(ResourceInformer.StoredAs.Text, informer.Stored);
        kept["metadata"]!["labels"]!["team"] = "changed";
        Assert.Equal("data", (string?)running.Resources.Workflow("argo", "hello")!["metadata"]!["labels"]!["team"]);
        Assert.Equal(["argo/hello"], informer.Keys());
    }

    private static JsonObject CacheConfigMap(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["workflows.argoproj.io/configmap-type"] = "Cache" } },
    };

    private static JsonObject Workflow(string name) => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Workflow",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(new JsonObject { ["name"] = "main", ["container"] = new JsonObject { ["image"] = "alpine" } }) },
    };

    // The shape of kube-apiserver's field sets, from the recorded fixtures/api/get-configmap.json: one entry per writer.
    private static JsonArray ManagedFieldsFor(JsonObject fieldsV1) =>
    [
        new JsonObject
        {
            ["manager"] = "workflow-controller",
            ["operation"] = "Update",
            ["apiVersion"] = "v1",
            ["time"] = "2026-11-21T14:55:11Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fieldsV1,
        },
    ];

    private static async Task CreateAsync(HttpClient http, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    // The reconciler's informers over the emulator's "argo" namespace, running and synced; stopped with the value.
    private sealed class Running : IAsyncDisposable
    {
        private readonly KubernetesApiClient api;
        private readonly CancellationTokenSource stop = new();
        private Task run = Task.CompletedTask;

        private Running(KubernetesApiClient api)
        {
            this.api = api;
            Resources = new WatchedResources(api, new ReconcilerOptions());
        }

        public WatchedResources Resources { get; }

        public static async Task<Running> StartSyncedAsync(KubernetesApiEmulator emulator)
        {
            var kubeconfig = Path.Combine(Path.GetTempPath(), "memoize-watched-" + Guid.NewGuid().ToString("N"));
            emulator.WriteKubeconfig(kubeconfig, "argo");
            var running = new Running(new KubernetesApiClient(KubeConfig.Load(kubeconfig).ToConnection(), RetryPolicy.None));
            File.Delete(kubeconfig);
            running.run = running.Resources.RunAsync(running.stop.Token);
            try
            {
                await running.Resources.Synced.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch
            {
                await running.DisposeAsync();
                throw;
            }

            return running;
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }

            api.Dispose();
            stop.Dispose();
        }
    }
}
