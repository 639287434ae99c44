using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

public class ConfigMapTests
{
    private static ConfigMapClient Client(FakeApiHandler handler) =>
        new(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None));

    [Fact]
    public async Task Get_reads_name_namespace_version_labels_and_data_from_the_recorded_object()
    {
        var configMap = await Client(new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/get-configmap.json")).GetAsync("argo", "greeting-cache");

        Assert.Equal("greeting-cache", configMap.Name());
        Assert.Equal("argo", configMap.Namespace());
        Assert.Equal("232", configMap.ResourceVersion());
        Assert.Equal("8abbedc4-835d-40bd-a7e5-9400b4e81cf2", configMap.Uid());
        Assert.Equal("Cache", configMap.GetLabel("workflows.argoproj.io/configmap-type"));
        Assert.StartsWith("{\"nodeID\":\"memo-apply\"", configMap.Data["hello"], StringComparison.Ordinal);
        Assert.Equal(["hello"], configMap.Data.Keys);
        Assert.Null(configMap.Metadata.Annotations);
    }

    [Fact]
    public void New_config_map_has_kind_name_and_namespace()
    {
        var configMap = ConfigMapClient.New("argo", "whalesay-cache");

        Assert.Equal(("v1", "ConfigMap", "whalesay-cache", "argo"), (configMap.ApiVersion, configMap.Kind, configMap.Name(), configMap.Namespace()));
        Assert.Null(configMap.Data);
    }

    [Fact]
    public async Task TryGet_answers_null_for_a_missing_config_map()
    {
        var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.NotFound, "api/get-404.json"));

        Assert.Null(await client.TryGetAsync("argo", "nope"));
    }

    [Fact]
    public async Task Update_sends_the_changed_object_and_returns_the_stored_one()
    {
        var handler = new FakeApiHandler()
            .ThenFixture(HttpStatusCode.OK, "api/get-configmap.json")
            .ThenFixture(HttpStatusCode.OK, "api/patch-merge.json");
        var client = Client(handler);

        var configMap = await client.GetAsync("argo", "greeting-cache");
        configMap.Data["k2"] = "v2";
        var stored = await client.UpdateAsync(configMap);

        var sent = (JsonObject)JsonNode.Parse(handler.Requests[1].Body!)!;
        Assert.Equal("232", ObjectMetadata.ResourceVersion(sent));
        Assert.Equal("v2", sent["data"]!["k2"]!.GetValue<string>());
        Assert.Equal(2, sent["metadata"]!["managedFields"]!.AsArray().Count);
        Assert.Equal("236", stored.ResourceVersion());
    }

    [Fact]
    public async Task List_by_label_returns_typed_config_maps()
    {
        var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/list-labelselector.json"));

        var list = await client.ListAsync("argo", "workflows.argoproj.io/configmap-type=Cache");

        Assert.Equal("greeting-cache", Assert.Single(list).Name());
    }
}
