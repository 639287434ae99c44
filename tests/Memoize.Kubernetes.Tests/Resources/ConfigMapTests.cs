using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

public class ConfigMapTests
{
    private static ConfigMapClient Client(FakeApiHandler handler) =>
        new(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None));

    [Fact]
    public void View_reads_name_namespace_version_labels_and_data_from_the_recorded_object()
    {
        var configMap = new ConfigMap(Fixture.Json("api/get-configmap.json"));

        Assert.Equal("greeting-cache", configMap.Name);
        Assert.Equal("argo", configMap.Namespace);
        Assert.Equal("232", configMap.ResourceVersion);
        Assert.Equal("8abbedc4-835d-40bd-a7e5-9400b4e81cf2", configMap.Uid);
        Assert.Equal("Cache", configMap.Labels["workflows.argoproj.io/configmap-type"]);
        Assert.StartsWith("{\"nodeID\":\"memo-apply\"", configMap.Data["hello"], StringComparison.Ordinal);
        Assert.Equal(["hello"], configMap.Data.Keys);
        Assert.Empty(configMap.Annotations);
    }

    [Fact]
    public void Writes_go_to_the_json_and_every_other_field_is_kept()
    {
        var json = Fixture.Json("api/get-configmap.json");
        var configMap = new ConfigMap(json);

        configMap.Data["k2"] = "v2";
        configMap.Data.Remove("hello");
        configMap.Labels["team"] = "ml";
        configMap.Annotations["note"] = "x";
        configMap.ResourceVersion = "240";

        Assert.Equal("""{"k2":"v2"}""", json["data"]!.ToJsonString());
        Assert.Equal("""{"workflows.argoproj.io/configmap-type":"Cache","team":"ml"}""", json["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""{"note":"x"}""", json["metadata"]!["annotations"]!.ToJsonString());
        Assert.Equal("240", json["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(2, json["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public void New_config_map_has_kind_name_namespace_and_creates_data_on_first_write()
    {
        var configMap = ConfigMap.New("argo", "whalesay-cache");
        Assert.Empty(configMap.Data);
        Assert.False(configMap.Data.ContainsKey("k"));

        configMap.Labels.Add("workflows.argoproj.io/configmap-type", "Cache");
        configMap.Data.Add("k", "v");

        Assert.Equal(
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"whalesay-cache","namespace":"argo","labels":{"workflows.argoproj.io/configmap-type":"Cache"}},"data":{"k":"v"}}""",
            configMap.Object.ToJsonString());
    }

    [Fact]
    public void Clone_is_independent()
    {
        var original = ConfigMap.New("argo", "c");
        var copy = original.Clone();

        copy.Data["k"] = "v";

        Assert.Empty(original.Data);
        Assert.Equal("v", copy.Data["k"]);
    }

    [Fact]
    public void Missing_key_throws_a_KeyNotFoundException_naming_the_key()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => ConfigMap.New("argo", "c").Data["nope"]);

        Assert.Equal("data has no key \"nope\"", error.Message);
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
        Assert.Equal("236", stored.ResourceVersion);
    }

    [Fact]
    public async Task List_by_label_returns_typed_config_maps()
    {
        var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/list-labelselector.json"));

        var list = await client.ListAsync("argo", "workflows.argoproj.io/configmap-type=Cache");

        Assert.Equal("greeting-cache", Assert.Single(list).Name);
    }
}
