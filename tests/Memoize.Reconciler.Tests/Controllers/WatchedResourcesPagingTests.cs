using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Reconciler.Controllers;
using Memoize.Reconciler.Hosting;

namespace Memoize.Reconciler.Tests.Controllers;

/// <summary>The reconciler's informers list in pages of 100 unless told otherwise: a page is read whole on top of what they keep.</summary>
public sealed class WatchedResourcesPagingTests
{
    [Fact]
    public async Task Without_options_cache_ConfigMaps_and_Workflows_are_listed_in_pages_of_100()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var http = emulator.CreateHttpClient();
        // 150 of each: two list requests per kind in pages of 100, where client-go's 500 would be one.
        for (var i = 0; i < 150; i++)
        {
            await CreateAsync(http, "/api/v1/namespaces/argo/configmaps", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = $"cache-{i:D3}", ["labels"] = new JsonObject { ["workflows.argoproj.io/configmap-type"] = "Cache" } },
            });
            await CreateAsync(http, "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", new JsonObject
            {
                ["apiVersion"] = "argoproj.io/v1alpha1",
                ["kind"] = "Workflow",
                ["metadata"] = new JsonObject { ["name"] = $"wf-{i:D3}" },
                ["spec"] = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(new JsonObject { ["name"] = "main", ["container"] = new JsonObject { ["image"] = "alpine" } }) },
            });
        }

        var kubeconfig = Path.Combine(Path.GetTempPath(), "memoize-paging-" + Guid.NewGuid().ToString("N"));
        emulator.WriteKubeconfig(kubeconfig, "argo");
        using var api = new KubernetesApiClient(KubeConfig.Load(kubeconfig).ToConnection(), RetryPolicy.None);
        File.Delete(kubeconfig);
        emulator.Requests.Reset();
        var resources = new WatchedResources(api, new ReconcilerOptions());
        using var stop = new CancellationTokenSource();
        var running = resources.RunAsync(stop.Token);
        await resources.Synced.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, emulator.Requests.Count(verb: "list", resource: "configmaps"));
        Assert.Equal(2, emulator.Requests.Count(verb: "list", resource: "workflows"));
        Assert.Equal(150, resources.AllCacheConfigMaps().Count());
        Assert.Equal(150, resources.Workflows.Sum(informer => informer.List().Count()));
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
        var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
