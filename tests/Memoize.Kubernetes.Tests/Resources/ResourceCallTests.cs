using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests.Resources;

/// <summary>What the resource clients send through the package and what they make of the answers.</summary>
public class ResourceCallTests
{
    private static KubernetesApiClient Client(FakeApiHandler handler)
    {
        var connection = new ClusterConnection(new Uri("https://k8s.test:6443"));
        connection.ClientConfiguration.AccessToken = "t0k3n";
        return new(connection, handler, RetryPolicy.None);
    }

    private static void AssertJson(string expected, string? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual!)), $"expected {expected}, sent {actual}");

    [Fact]
    public async Task Get_sends_the_object_path_with_bearer_token_and_returns_the_object()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/get-configmap.json");
        using var client = Client(handler);

        var configMap = await new ConfigMapClient(client).GetAsync("argo", "greeting-cache");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps/greeting-cache", request.PathAndQuery);
        Assert.Equal("Bearer t0k3n", request.Authorization);
        Assert.Equal("232", configMap.ResourceVersion());
        Assert.NotEmpty(configMap.Metadata.ManagedFields);
    }

    [Fact]
    public async Task Get_of_a_missing_object_throws_NotFound_with_the_server_message()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.NotFound, "api/get-404.json"));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => new ConfigMapClient(client).GetAsync("argo", "nope"));

        Assert.Equal("configmaps \"nope\" not found", error.Message);
    }

    public static TheoryData<ResourceType, string?, string> ArgoObjectPaths => new()
    {
        { ResourceType.Workflows, "argo", "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/x" },
        { ResourceType.WorkflowTemplates, "ns1", "/apis/argoproj.io/v1alpha1/namespaces/ns1/workflowtemplates/x" },
        { ResourceType.ClusterWorkflowTemplates, null, "/apis/argoproj.io/v1alpha1/clusterworkflowtemplates/x" },
        { ResourceType.CronWorkflows, "argo", "/apis/argoproj.io/v1alpha1/namespaces/argo/cronworkflows/x" },
    };

    [Theory]
    [MemberData(nameof(ArgoObjectPaths))]
    public async Task Each_argo_kind_has_its_api_path(ResourceType type, string? ns, string path)
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        await new ArgoResourceClient(client, type).GetAsync(ns, "x");

        Assert.Equal(path, Assert.Single(handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Namespace_for_a_cluster_scoped_type_and_no_namespace_for_a_namespaced_one_are_refused()
    {
        using var client = Client(new FakeApiHandler());

        var clusterScoped = await Assert.ThrowsAsync<ArgumentException>(() => new ArgoResourceClient(client, ResourceType.ClusterWorkflowTemplates).GetAsync("argo", "x"));
        var namespaced = await Assert.ThrowsAsync<ArgumentException>(() => new ArgoResourceClient(client, ResourceType.Workflows).GetAsync(null, "x"));

        Assert.StartsWith("clusterworkflowtemplates are cluster-scoped: pass no namespace (got \"argo\")", clusterScoped.Message);
        Assert.StartsWith("workflows live in a namespace: pass the namespace of \"x\"", namespaced.Message);
    }

    [Fact]
    public async Task List_with_label_selector_escapes_it_and_returns_items_with_kind_and_list_resourceVersion()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/list-labelselector.json");
        using var client = Client(handler);

        var list = await new ConfigMapClient(client).ListPageAsync("argo", "workflows.argoproj.io/configmap-type=Cache", null, null);

        Assert.Equal("/api/v1/namespaces/argo/configmaps?labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Equal("235", list.ResourceVersion);
        var item = Assert.Single(list.Items);
        Assert.Equal("greeting-cache", item.Name());
        Assert.Equal("v1", item.ApiVersion);
        Assert.Equal("ConfigMap", item.Kind);
    }

    [Fact]
    public async Task Argo_list_across_all_namespaces_fills_in_kind_and_keeps_unknown_fields()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, """{"kind":"WorkflowList","metadata":{"resourceVersion":"9"},"items":[{"metadata":{"name":"w","namespace":"argo"},"spec":{"futureField":{"a":[1,2]}}}]}""");
        using var client = Client(handler);

        var list = await new ArgoResourceClient(client, ResourceType.Workflows).ListPageAsync(null, null, null, null);

        Assert.Equal("/apis/argoproj.io/v1alpha1/workflows", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Equal("9", list.ResourceVersion);
        AssertJson("""{"metadata":{"name":"w","namespace":"argo"},"spec":{"futureField":{"a":[1,2]}},"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow"}""", Assert.Single(list.Items).ToJsonString());
    }

    [Fact]
    public async Task Create_posts_to_the_collection_filling_kind_without_changing_the_callers_object()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.Created, """{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"w","namespace":"argo","resourceVersion":"232"},"spec":{"unknown":true}}""");
        using var client = Client(handler);
        var mine = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "w", ["namespace"] = "argo" }, ["spec"] = new JsonObject { ["unknown"] = true } };

        var created = await new ArgoResourceClient(client, ResourceType.Workflows).CreateAsync(mine);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", request.PathAndQuery);
        Assert.Equal("application/json", request.ContentType);
        AssertJson("""{"metadata":{"name":"w","namespace":"argo"},"spec":{"unknown":true},"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow"}""", request.Body);
        Assert.Null(mine["kind"]);
        Assert.Equal("232", ObjectMetadata.ResourceVersion(created));
        Assert.True(created["spec"]!["unknown"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Create_of_an_existing_name_throws_AlreadyExists()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.Conflict, "api/post-409-exists.json"));

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => new ConfigMapClient(client).CreateAsync(ConfigMapClient.New("argo", "greeting-cache")));

        Assert.Equal("configmaps \"greeting-cache\" already exists", error.Message);
    }

    [Fact]
    public async Task Create_over_one_MiB_throws_Invalid_that_is_too_long()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.UnprocessableEntity, "api/post-422-toolong.json"));

        var error = await Assert.ThrowsAsync<InvalidException>(() => new ConfigMapClient(client).CreateAsync(ConfigMapClient.New("argo", "big")));

        Assert.True(error.IsTooLong);
    }

    [Fact]
    public async Task Create_without_namespace_for_a_namespaced_type_is_refused_before_sending()
    {
        var handler = new FakeApiHandler();
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new ArgoResourceClient(client, ResourceType.Workflows).CreateAsync(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } }));

        Assert.StartsWith("metadata.namespace is required to create workflows", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Update_puts_the_object_with_its_resourceVersion_and_a_stale_one_is_a_conflict()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.Conflict, "api/put-409-conflict.json");
        using var client = Client(handler);
        var configMaps = new ConfigMapClient(client);
        var configMap = k8s.KubernetesJson.Deserialize<V1ConfigMap>(Fixture.Text("api/get-configmap.json"));

        var error = await Assert.ThrowsAsync<ConflictException>(() => configMaps.UpdateAsync(configMap));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps/greeting-cache", request.PathAndQuery);
        Assert.Equal("232", ObjectMetadata.ResourceVersion((JsonObject)JsonNode.Parse(request.Body!)!));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"greeting-cache\": the object has been modified; please apply your changes to the latest version and try again", error.Message);
    }

    [Fact]
    public async Task Merge_patch_sends_the_merge_patch_media_type_and_returns_the_result()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/patch-merge.json");
        using var client = Client(handler);

        var patched = await new ConfigMapClient(client).PatchAsync("argo", "greeting-cache", new JsonObject { ["data"] = new JsonObject { ["k2"] = "v2" } });

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.Equal("""{"data":{"k2":"v2"}}""", request.Body);
        Assert.Equal("v2", patched.Data["k2"]);
        Assert.Equal("236", patched.ResourceVersion());
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_throws_Invalid_with_the_server_message()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.UnprocessableEntity, "api/patch-json-test-fail.json");
        using var client = Client(handler);
        var patch = JsonNode.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"1"},{"op":"add","path":"/data/k","value":"v"}]""")!;

        var error = await Assert.ThrowsAsync<InvalidException>(() => new ArgoResourceClient(client, ResourceType.Workflows).PatchAsync("argo", "w", patch, PatchType.JsonPatch));

        Assert.Equal("application/json-patch+json", Assert.Single(handler.Requests).ContentType);
        Assert.Equal("the server rejected our request due to an error in our request", error.Message);
        Assert.False(error.IsTooLong);
    }

    [Fact]
    public async Task Delete_with_resourceVersion_sends_a_precondition()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","status":"Success"}""")
            .Then(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","status":"Success"}""");
        using var client = Client(handler);

        await new ConfigMapClient(client).DeleteAsync("argo", "greeting-cache", "232");
        await new ConfigMapClient(client).DeleteAsync("argo", "other");

        Assert.Equal("DELETE", handler.Requests[0].Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps/greeting-cache", handler.Requests[0].PathAndQuery);
        AssertJson("""{"preconditions":{"resourceVersion":"232"}}""", handler.Requests[0].Body);
        Assert.Null(JsonNode.Parse(handler.Requests[1].Body ?? "{}")?["preconditions"]);
    }

    [Fact]
    public async Task Unauthorized_is_thrown_without_retrying()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.Unauthorized, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => new ConfigMapClient(client).GetAsync("argo", "x"));

        Assert.Equal("Unauthorized", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Success_answer_that_is_not_json_is_a_clear_error()
    {
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.OK, "<html>login</html>", configure: null));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => new ConfigMapClient(client).GetAsync("argo", "x"));

        Assert.StartsWith("GET configmaps argo/x answered with a body that is not the JSON object expected: ", error.Message, StringComparison.Ordinal);
    }
}
