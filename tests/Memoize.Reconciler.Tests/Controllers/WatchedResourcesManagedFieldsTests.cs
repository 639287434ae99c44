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

/// <summary>The reconciler's informers keep objects without metadata.managedFields, and everything else as served; Workflows as text.</summary>
public sealed class WatchedResourcesManagedFieldsTests
{
    // The shape of kube-apiserver's field sets, from the recorded fixtures/api/get-configmap.json: one entry per writer.
    private static JsonArray ManagedFieldsFor(string manager, JsonObject fieldsV1) =>
    [
        new JsonObject
        {
            ["manager"] = manager,
            ["operation"] = "Update",
            ["apiVersion"] = "v1",
            ["time"] = "2026-11-21T14:55:11Z",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = fieldsV1,
        },
    ];

    [Fact]
    public async Task Cache_ConfigMaps_and_Workflows_are_kept_without_managedFields()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var http = emulator.CreateHttpClient();
        await CreateAsync(http, "/api/v1/namespaces/argo/configmaps", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "greeting-cache",
                ["labels"] = new JsonObject { ["workflows.argoproj.io/configmap-type"] = "Cache" },
                ["managedFields"] = ManagedFieldsFor("workflow-controller", new JsonObject { ["f:data"] = new JsonObject { ["."] = new JsonObject(), ["f:hello"] = new JsonObject() } }),
            },
            ["data"] = new JsonObject { ["hello"] = "{}" },
        });
        await CreateAsync(http, "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject
            {
                ["name"] = "hello",
                ["labels"] = new JsonObject { ["team"] = "data" },
                ["managedFields"] = ManagedFieldsFor("workflow-controller", new JsonObject { ["f:status"] = new JsonObject { ["f:phase"] = new JsonObject() } }),
            },
            ["spec"] = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(new JsonObject { ["name"] = "main", ["container"] = new JsonObject { ["image"] = "alpine" } }) },
        });
        using var served = await http.GetAsync(new Uri("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/hello", UriKind.Relative));
        Assert.NotNull(JsonNode.Parse(await served.Content.ReadAsStringAsync())!["metadata"]!["managedFields"]);

        var kubeconfig = Path.Combine(Path.GetTempPath(), "memoize-managed-fields-" + Guid.NewGuid().ToString("N"));
        emulator.WriteKubeconfig(kubeconfig, "argo");
        using var api = new KubernetesApiClient(KubeConfig.Load(kubeconfig).ToConnection(), RetryPolicy.None);
        File.Delete(kubeconfig);
        var resources = new WatchedResources(api, new ReconcilerOptions());
        using var stop = new CancellationTokenSource();
        var running = resources.RunAsync(stop.Token);
        await resources.Synced.WaitAsync(TimeSpan.FromSeconds(30));

        var configMap = resources.CacheConfigMap("argo", "greeting-cache")!;
        Assert.Null(configMap.Metadata.ManagedFields);
        Assert.Equal("Cache", configMap.Metadata.Labels["workflows.argoproj.io/configmap-type"]);
        Assert.Equal("{}", configMap.Data["hello"]);
        var workflow = resources.Workflow("argo", "hello")!;
        Assert.Null(workflow["metadata"]!["managedFields"]);
        Assert.Equal("data", (string?)workflow["metadata"]!["labels"]!["team"]);
        Assert.Equal("alpine", (string?)workflow["spec"]!["templates"]![0]!["container"]!["image"]);

        // Workflows are kept as text: every read is a fresh copy, so a reader's change never reaches the store.
        Assert.Equal(ResourceInformer.StoredAs.Text, Assert.Single(resources.Workflows).Stored);
        workflow["metadata"]!["labels"]!["team"] = "changed";
        Assert.Equal("data", (string?)resources.Workflow("argo", "hello")!["metadata"]!["labels"]!["team"]);
        Assert.Equal(["argo/hello"], Assert.Single(resources.Workflows).Keys());
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private static async Task CreateAsync(HttpClient http, string path, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
