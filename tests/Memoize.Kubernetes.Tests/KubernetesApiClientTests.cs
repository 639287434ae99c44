using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Tests.Support;

namespace Memoize.Kubernetes.Tests;

public class KubernetesApiClientTests
{
    private static KubernetesApiClient Client(FakeApiHandler handler, BearerTokenSource? token = null) =>
        new(new ClusterConnection(new Uri("https://k8s.test:6443")) { Token = token ?? BearerTokenSource.FromToken("t0k3n") }, handler, RetryPolicy.None);

    [Fact]
    public async Task Get_sends_the_object_path_with_bearer_token_and_returns_the_object()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/get-configmap.json");
        using var client = Client(handler);

        var configMap = await client.GetAsync(ResourceType.ConfigMaps, "argo", "greeting-cache");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps/greeting-cache", request.PathAndQuery);
        Assert.Equal("Bearer t0k3n", request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.Equal("232", ObjectMetadata.ResourceVersion(configMap));
        Assert.NotNull(configMap["metadata"]!["managedFields"]);
    }

    [Fact]
    public async Task Get_of_a_missing_object_throws_NotFound_with_the_server_message()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.NotFound, "api/get-404.json"));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => client.GetAsync(ResourceType.ConfigMaps, "argo", "nope"));

        Assert.Equal("configmaps \"nope\" not found", error.Message);
    }

    public static TheoryData<ResourceType, string?, string> ObjectPaths => new()
    {
        { ResourceType.ConfigMaps, "argo", "/api/v1/namespaces/argo/configmaps/x" },
        { ResourceType.Workflows, "argo", "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows/x" },
        { ResourceType.WorkflowTemplates, "ns1", "/apis/argoproj.io/v1alpha1/namespaces/ns1/workflowtemplates/x" },
        { ResourceType.ClusterWorkflowTemplates, null, "/apis/argoproj.io/v1alpha1/clusterworkflowtemplates/x" },
        { ResourceType.CronWorkflows, "argo", "/apis/argoproj.io/v1alpha1/namespaces/argo/cronworkflows/x" },
        { ResourceType.Leases, "argo", "/apis/coordination.k8s.io/v1/namespaces/argo/leases/x" },
        { ResourceType.Events, "argo", "/apis/events.k8s.io/v1/namespaces/argo/events/x" },
    };

    [Theory]
    [MemberData(nameof(ObjectPaths))]
    public async Task Each_resource_type_has_its_api_path(ResourceType type, string? ns, string path)
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        await client.GetAsync(type, ns, "x");

        Assert.Equal(path, Assert.Single(handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Namespace_for_a_cluster_scoped_type_and_no_namespace_for_a_namespaced_one_are_refused()
    {
        using var client = Client(new FakeApiHandler());

        var clusterScoped = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(ResourceType.ClusterWorkflowTemplates, "argo", "x"));
        var namespaced = await Assert.ThrowsAsync<ArgumentException>(() => client.GetAsync(ResourceType.Workflows, null, "x"));

        Assert.StartsWith("clusterworkflowtemplates are cluster-scoped: pass no namespace (got \"argo\")", clusterScoped.Message);
        Assert.StartsWith("workflows live in a namespace: pass the namespace of \"x\"", namespaced.Message);
    }

    [Fact]
    public async Task List_with_label_selector_escapes_it_and_returns_items_with_kind_and_list_resourceVersion()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.OK, "api/list-labelselector.json");
        using var client = Client(handler);

        var list = await client.ListAsync(ResourceType.ConfigMaps, "argo", "workflows.argoproj.io/configmap-type=Cache");

        Assert.Equal("/api/v1/namespaces/argo/configmaps?labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Equal("235", list.ResourceVersion);
        var item = Assert.Single(list.Items);
        Assert.Equal("greeting-cache", ObjectMetadata.Name(item));
        Assert.Equal("v1", item["apiVersion"]!.GetValue<string>());
        Assert.Equal("ConfigMap", item["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task List_across_all_namespaces_with_field_selector()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, """{"kind":"WorkflowList","metadata":{"resourceVersion":"9"},"items":[]}""");
        using var client = Client(handler);

        var list = await client.ListAsync(ResourceType.Workflows, null, fieldSelector: "metadata.name=w");

        Assert.Equal("/apis/argoproj.io/v1alpha1/workflows?fieldSelector=metadata.name%3Dw", Assert.Single(handler.Requests).PathAndQuery);
        Assert.Empty(list.Items);
        Assert.Equal("9", list.ResourceVersion);
    }

    [Fact]
    public async Task Create_posts_to_the_collection_filling_kind_without_changing_the_callers_object()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.Created, "api/get-configmap.json");
        using var client = Client(handler);
        var mine = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "greeting-cache", ["namespace"] = "argo" }, ["data"] = new JsonObject { ["k"] = "v" } };

        var created = await client.CreateAsync(ResourceType.ConfigMaps, mine);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps", request.PathAndQuery);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("""{"metadata":{"name":"greeting-cache","namespace":"argo"},"data":{"k":"v"},"apiVersion":"v1","kind":"ConfigMap"}""", request.Body);
        Assert.Null(mine["kind"]);
        Assert.Equal("232", ObjectMetadata.ResourceVersion(created));
    }

    [Fact]
    public async Task Create_of_an_existing_name_throws_AlreadyExists()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.Conflict, "api/post-409-exists.json"));
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "greeting-cache", ["namespace"] = "argo" } };

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => client.CreateAsync(ResourceType.ConfigMaps, obj));

        Assert.Equal("configmaps \"greeting-cache\" already exists", error.Message);
    }

    [Fact]
    public async Task Create_over_one_MiB_throws_Invalid_that_is_too_long()
    {
        using var client = Client(new FakeApiHandler().ThenFixture(HttpStatusCode.UnprocessableEntity, "api/post-422-toolong.json"));
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "big", ["namespace"] = "argo" } };

        var error = await Assert.ThrowsAsync<InvalidException>(() => client.CreateAsync(ResourceType.ConfigMaps, obj));

        Assert.True(error.IsTooLong);
    }

    [Fact]
    public async Task Create_without_namespace_for_a_namespaced_type_is_refused_before_sending()
    {
        var handler = new FakeApiHandler();
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.CreateAsync(ResourceType.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "x" } }));

        Assert.StartsWith("metadata.namespace is required to create configmaps", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Update_puts_the_object_with_its_resourceVersion_and_a_stale_one_is_a_conflict()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.Conflict, "api/put-409-conflict.json");
        using var client = Client(handler);
        var obj = Fixture.Json("api/get-configmap.json");

        var error = await Assert.ThrowsAsync<ConflictException>(() => client.UpdateAsync(ResourceType.ConfigMaps, obj));

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

        var patched = await client.PatchAsync(ResourceType.ConfigMaps, "argo", "greeting-cache", new JsonObject { ["data"] = new JsonObject { ["k2"] = "v2" } }, PatchType.MergePatch);

        var request = Assert.Single(handler.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.Equal("""{"data":{"k2":"v2"}}""", request.Body);
        Assert.Equal("v2", patched["data"]!["k2"]!.GetValue<string>());
        Assert.Equal("236", ObjectMetadata.ResourceVersion(patched));
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_throws_Invalid_with_the_server_message()
    {
        var handler = new FakeApiHandler().ThenFixture(HttpStatusCode.UnprocessableEntity, "api/patch-json-test-fail.json");
        using var client = Client(handler);
        var patch = JsonNode.Parse("""[{"op":"test","path":"/metadata/resourceVersion","value":"1"},{"op":"add","path":"/data/k","value":"v"}]""")!;

        var error = await Assert.ThrowsAsync<InvalidException>(() => client.PatchAsync(ResourceType.Workflows, "argo", "w", patch, PatchType.JsonPatch));

        Assert.Equal("application/json-patch+json", Assert.Single(handler.Requests).ContentType);
        Assert.Equal("the server rejected our request due to an error in our request", error.Message);
        Assert.False(error.IsTooLong);
    }

    [Fact]
    public async Task Delete_with_resourceVersion_sends_a_precondition()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","status":"Success"}""")
            .Then(HttpStatusCode.OK, "{}");
        using var client = Client(handler);

        await client.DeleteAsync(ResourceType.ConfigMaps, "argo", "greeting-cache", "232");
        await client.DeleteAsync(ResourceType.ConfigMaps, "argo", "other");

        Assert.Equal("DELETE", handler.Requests[0].Method);
        Assert.Equal("/api/v1/namespaces/argo/configmaps/greeting-cache", handler.Requests[0].PathAndQuery);
        Assert.Equal("""{"kind":"DeleteOptions","apiVersion":"v1","preconditions":{"resourceVersion":"232"}}""", handler.Requests[0].Body);
        Assert.Null(handler.Requests[1].Body);
    }

    [Fact]
    public async Task Unauthorized_after_token_rotation_rereads_the_token_file_once_and_retries()
    {
        using var dir = new TempDirectory();
        var tokenFile = dir.Write("token", "old");
        var token = BearerTokenSource.FromFile(tokenFile);
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.Unauthorized, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""")
            .Then(HttpStatusCode.OK, "{}");
        using var client = Client(handler, token);
        File.WriteAllText(tokenFile, "new");

        await client.GetAsync(ResourceType.ConfigMaps, "argo", "x");

        Assert.Equal(["Bearer old", "Bearer new"], handler.Requests.Select(request => request.Authorization));
    }

    [Fact]
    public async Task Unauthorized_with_an_unchanged_token_is_thrown_without_retrying()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.Unauthorized, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
        using var client = Client(handler);

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => client.GetAsync(ResourceType.ConfigMaps, "argo", "x"));

        Assert.Equal("Unauthorized", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Success_answer_that_is_not_json_is_a_clear_error()
    {
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.OK, "<html>login</html>", configure: null));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => client.GetAsync(ResourceType.ConfigMaps, "argo", "x"));

        Assert.Equal("GET /api/v1/namespaces/argo/configmaps/x answered HTTP 200 with a body that is not a JSON object: <html>login</html>", error.Message);
    }
}
