using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Argo's kinds served like CRDs without a status subresource.</summary>
public sealed class CustomResourceTests
{
    private const string Workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";

    [Fact]
    public async Task A_created_workflow_has_generation_one_and_keys_sorted_like_unstructured_objects()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var created = response.Json;
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(["apiVersion", "kind", "metadata", "spec"], created.Select(p => p.Key));
        Assert.Equal(["creationTimestamp", "generation", "name", "namespace", "resourceVersion", "uid"], created["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["cache", "key", "maxAge"], created["spec"]!["templates"]![0]!["memoize"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Put_of_the_whole_object_writes_status_and_moves_generation()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var workflow = (await client.ApiPostAsync(Workflows, Objects.Workflow("wf"))).Json;
        workflow["status"] = JsonNode.Parse("""{"phase":"Running","nodes":{"wf":{"id":"wf","phase":"Running","unknownField":{"kept":true}}}}""");

        var response = await client.ApiPutAsync($"{Workflows}/wf", workflow);
        var read = (await client.ApiGetAsync($"{Workflows}/wf")).Json;

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Running", read["status"]!["phase"]!.GetValue<string>());
        Assert.True(read["status"]!["nodes"]!["wf"]!["unknownField"]!["kept"]!.GetValue<bool>());
        Assert.Equal(2, read["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_metadata_only_change_keeps_the_generation()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        var patched = (await client.ApiPatchAsync($"{Workflows}/wf", JsonNode.Parse("""{"metadata":{"labels":{"team":"data"}}}""")!)).Json;

        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("data", patched["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_status_subresource_does_not_exist()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var workflow = (await client.ApiPostAsync(Workflows, Objects.Workflow("wf"))).Json;

        var get = await client.ApiGetAsync($"{Workflows}/wf/status");
        var put = await client.ApiPutAsync($"{Workflows}/wf/status", workflow);

        foreach (var response in new[] { get, put })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"workflows.argoproj.io \"wf\" not found","reason":"NotFound","details":{"name":"wf","group":"argoproj.io","kind":"workflows"},"code":404}""", response.Text);
        }
    }

    [Fact]
    public async Task Update_without_resource_version_is_refused_for_custom_resources()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        var response = await client.ApiPutAsync($"{Workflows}/wf", Objects.Workflow("wf"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"workflows.argoproj.io \"wf\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update","reason":"Invalid","details":{"name":"wf","group":"argoproj.io","kind":"workflows","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 0x0: must be specified for an update","field":"metadata.resourceVersion"}]},"code":422}""", response.Text);
    }

    [Fact]
    public async Task A_stale_update_conflicts_with_the_group_qualified_resource()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var stale = (await client.ApiPostAsync(Workflows, Objects.Workflow("wf"))).Json;
        await client.ApiPatchAsync($"{Workflows}/wf", JsonNode.Parse("""{"status":{"phase":"Running"}}""")!);

        var response = await client.ApiPutAsync($"{Workflows}/wf", stale);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("Operation cannot be fulfilled on workflows.argoproj.io \"wf\": the object has been modified; please apply your changes to the latest version and try again", response.Json["message"]!.GetValue<string>());
        Assert.Equal("""{"name":"wf","group":"argoproj.io","kind":"workflows"}""", response.Json["details"]!.Compact());
    }

    [Fact]
    public async Task A_workflow_without_spec_is_invalid()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(Workflows, JsonNode.Parse("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"empty"}}""")!);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal("Workflow.argoproj.io \"empty\" is invalid: spec: Required value", response.Json["message"]!.GetValue<string>());
        Assert.Equal("argoproj.io", response.Json["details"]!["group"]!.GetValue<string>());
        Assert.Equal("Workflow", response.Json["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_workflow_without_kind_is_a_bad_request()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(Workflows, JsonNode.Parse("""{"metadata":{"name":"x"},"spec":{}}""")!);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""Object 'Kind' is missing in '{"metadata":{"name":"x"},"spec":{}}'""", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_top_level_fields_are_pruned_but_everything_under_spec_is_kept()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = Objects.Workflow("wf");
        body["extra"] = "dropped";
        body["spec"]!["futureArgoField"] = JsonNode.Parse("""{"nested":[1,2]}""");

        var created = (await client.ApiPostAsync(Workflows, body)).Json;

        Assert.Null(created["extra"]);
        Assert.Equal("""{"nested":[1,2]}""", created["spec"]!["futureArgoField"]!.Compact());
    }

    [Fact]
    public async Task The_workflow_list_keeps_kind_and_api_version_on_items()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        var list = (await client.ApiGetAsync(Workflows)).Json;

        Assert.Equal("WorkflowList", list["kind"]!.GetValue<string>());
        Assert.Equal("argoproj.io/v1alpha1", list["apiVersion"]!.GetValue<string>());
        var item = Assert.Single(list["items"]!.AsArray())!;
        Assert.Equal("Workflow", item["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_of_a_custom_resource_answers_the_object()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        var response = await client.ApiDeleteAsync($"{Workflows}/wf");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("Workflow", response.Json["kind"]!.GetValue<string>());
        Assert.Equal("wf", response.Json["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Strategic_merge_patch_is_unsupported_for_custom_resources()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));

        var response = await client.ApiPatchAsync($"{Workflows}/wf", JsonNode.Parse("""{"spec":{}}""")!, "application/strategic-merge-patch+json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.Status);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", response.Json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_edits_the_status_in_place()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.ApiPostAsync(Workflows, Objects.Workflow("wf"));
        var patch = JsonNode.Parse("""[{"op":"add","path":"/status","value":{"phase":"Running"}},{"op":"replace","path":"/status/phase","value":"Succeeded"},{"op":"copy","from":"/status/phase","path":"/metadata/labels"}]""")!;

        var invalid = await client.ApiPatchAsync($"{Workflows}/wf", patch, "application/json-patch+json");
        patch.AsArray().RemoveAt(2);
        var valid = await client.ApiPatchAsync($"{Workflows}/wf", patch, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Equal(HttpStatusCode.OK, valid.Status);
        Assert.Equal("Succeeded", valid.Json["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_workflow_templates_live_outside_namespaces()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = Objects.Workflow("shared");
        body["kind"] = "ClusterWorkflowTemplate";
        body["metadata"]!["namespace"] = "ignored";

        var created = await client.ApiPostAsync("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates", body);
        var namespaced = await client.ApiGetAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/clusterworkflowtemplates/shared");

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Null(created.Json["metadata"]!["namespace"]);
        Assert.Equal(HttpStatusCode.NotFound, namespaced.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync("/apis/argoproj.io/v1alpha1/clusterworkflowtemplates/shared")).Status);
    }

    [Theory]
    [InlineData("workflowtemplates", "WorkflowTemplate")]
    [InlineData("cronworkflows", "CronWorkflow")]
    public async Task The_other_namespaced_argo_kinds_are_served(string plural, string kind)
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var body = Objects.Workflow("t");
        body["kind"] = kind;

        var created = await client.ApiPostAsync($"/apis/argoproj.io/v1alpha1/namespaces/argo/{plural}", body);
        var list = (await client.ApiGetAsync($"/apis/argoproj.io/v1alpha1/namespaces/argo/{plural}")).Json;

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{kind}List", list["kind"]!.GetValue<string>());
    }
}
