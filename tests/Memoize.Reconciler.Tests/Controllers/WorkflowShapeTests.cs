using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Workflows;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Controllers;

public sealed class WorkflowShapeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 5, TimeSpan.Zero);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    // Argo's status.compressedNodes: base64 of gzip of the nodes map's JSON.
    private static string Compress(JsonObject nodes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(nodes.ToJsonString()));
        }
        return Convert.ToBase64String(buffer.ToArray());
    }

    private static JsonObject Decompress(string text)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(text)), CompressionMode.Decompress);
        return (JsonObject)JsonNode.Parse(gzip)!;
    }

    [Fact]
    public async Task Compressed_nodes_are_read_and_written_back_compressed()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry });
        var workflow = TestWorkflows.SinglePod("memo-zip", "hello");
        var status = (JsonObject)workflow["status"]!;
        status["compressedNodes"] = Compress((JsonObject)status["nodes"]!);
        status.Remove("nodes");

        await _cluster.CreateWorkflowAsync(workflow);
        JsonObject? node = null;
        await TestCluster.Eventually(async () =>
        {
            var stored = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-zip");
            Assert.Null(stored["status"]!["nodes"]);
            node = (JsonObject)Decompress(stored["status"]!["compressedNodes"]!.GetValue<string>())["memo-zip"]!;
            return node["memoizationStatus"] is not null;
        }, "the compressed node to be marked");

        JsonAssert.Equivalent("""{"hit":true,"key":"hello","cacheName":"greeting-cache"}""", node!["memoizationStatus"]);
        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_key_invalid_after_substitution_leaves_the_node_untouched_and_is_reported_once()
    {
        var host = await _cluster.StartReconcilerAsync();
        var created = await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-invalid", "a.txt"));

        var note = await _cluster.EventAsync(TestWorkflows.Namespace, "memo-invalid", "MemoizeInvalidKey");

        Assert.Equal("node memo-invalid: invalid cache key: a.txt (after substitution a key must start with a letter or digit, contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most 253 characters; e.g. \"a-txt\")", note);
        var stored = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-invalid");
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), stored["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(1, host.Metrics.InvalidNodes.Value);

        // reconciled again (Argo touches the workflow): no second Event
        stored["metadata"]!["labels"]!["touched"] = "yes";
        await _cluster.Workflows.UpdateAsync(stored);
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-sentinel", "sentinel"));
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-sentinel", "memo-sentinel");
        Assert.Single(await _cluster.EventsAboutAsync(TestWorkflows.Namespace, "memo-invalid"), e => e.Reason == "MemoizeInvalidKey");
        Assert.Equal(1, host.Metrics.InvalidNodes.Value);
    }

    [Fact]
    public async Task An_invalid_maxAge_after_substitution_is_reported_with_gos_text()
    {
        var host = await _cluster.StartReconcilerAsync();
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-age", "hello", memoize: TestWorkflows.Memoize(maxAge: "1d")));

        Assert.Equal("node memo-age: invalid maxAge: time: unknown unit \"d\" in duration \"1d\"",
            await _cluster.EventAsync(TestWorkflows.Namespace, "memo-age", "MemoizeInvalidMaxAge"));
        Assert.Equal(1, host.Metrics.InvalidNodes.Value);
    }

    [Fact]
    public async Task An_unknown_template_is_reported_and_the_node_left_alone()
    {
        var host = await _cluster.StartReconcilerAsync();
        var workflow = TestWorkflows.SinglePod("memo-ref", "hello");
        var node = (JsonObject)workflow["status"]!["nodes"]!["memo-ref"]!;
        node.Remove("templateName");
        node["templateRef"] = new JsonObject { ["name"] = "missing-template", ["template"] = "main" };

        await _cluster.CreateWorkflowAsync(workflow);

        Assert.Equal("cannot tell whether node memo-ref is memoized: WorkflowTemplate team-a/missing-template is not known, and status.storedTemplates has no \"namespaced/missing-template/main\"",
            await _cluster.EventAsync(TestWorkflows.Namespace, "memo-ref", "MemoizeUnresolved"));
        Assert.Equal(1, host.Metrics.UnresolvedNodes.Value);
    }

    [Fact]
    public async Task A_template_from_a_workflowtemplate_is_found_through_the_informer()
    {
        var host = await _cluster.StartReconcilerAsync();
        var template = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "WorkflowTemplate",
            ["metadata"] = new JsonObject { ["name"] = "shared", ["namespace"] = TestWorkflows.Namespace },
            ["spec"] = new JsonObject
            {
                ["templates"] = new JsonArray(new JsonObject
                {
                    ["name"] = "greet",
                    ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message" }) },
                    ["memoize"] = TestWorkflows.Memoize("shared-cache"),
                    ["container"] = new JsonObject { ["image"] = "alpine:3.20" },
                }),
            },
        };
        await new ArgoResourceClient(_cluster.Api, ResourceType.WorkflowTemplates).CreateAsync(template);
        await TestCluster.Eventually(() => host.Resources.TemplateOwner(new TemplateOwner(false, "shared", TestWorkflows.Namespace)) is not null, "the informer to see the WorkflowTemplate");
        var workflow = TestWorkflows.SinglePod("memo-shared", "hello");
        var node = (JsonObject)workflow["status"]!["nodes"]!["memo-shared"]!;
        node.Remove("templateName");
        node["templateRef"] = new JsonObject { ["name"] = "shared", ["template"] = "greet" };

        await _cluster.CreateWorkflowAsync(workflow);

        var marked = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-shared", "memo-shared");
        JsonAssert.Equivalent("""{"hit":false,"key":"hello","cacheName":"shared-cache"}""", marked["memoizationStatus"]);
    }

    [Fact]
    public async Task Offloaded_nodes_are_reported_once_and_skipped()
    {
        var host = await _cluster.StartReconcilerAsync();
        var workflow = TestWorkflows.SinglePod("memo-offloaded", "hello");
        var status = (JsonObject)workflow["status"]!;
        status.Remove("nodes");
        status["offloadNodeStatusVersion"] = "fnv-1234";

        await _cluster.CreateWorkflowAsync(workflow);

        Assert.Equal("Workflow team-a/memo-offloaded has its node status offloaded to Argo's database (offloadNodeStatusVersion fnv-1234); its nodes cannot be seen through the Kubernetes API, so memoization is not checked for it",
            await _cluster.EventAsync(TestWorkflows.Namespace, "memo-offloaded", "MemoizeNodesOffloaded"));
        Assert.Equal(1, host.Metrics.OffloadedWorkflows.Value);
    }

    [Fact]
    public async Task In_workflow_mode_the_cache_lives_in_the_workflows_namespace()
    {
        var options = TestCluster.TestOptions("workflow-mode") with { CacheNamespaceMode = CacheNamespaceMode.Workflow };
        var host = await _cluster.StartReconcilerAsync(options, new ManualTimeProvider(Now));
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry }, TestWorkflows.Namespace);

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-local", "hello"));
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-local-store", "bonjour", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, "bonjour"), outputs: TestWorkflows.Outputs("monde")));

        Assert.True((await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-local", "memo-local"))["memoizationStatus"]!["hit"]!.GetValue<bool>());
        await _cluster.EntryAsync("greeting-cache", "bonjour", TestWorkflows.Namespace);
        Assert.Null(await _cluster.ConfigMaps.TryGetAsync(TestCluster.ControllerNamespace, "greeting-cache"));
    }

    [Fact]
    public async Task Only_the_configured_namespaces_are_watched()
    {
        var options = TestCluster.TestOptions("some-namespaces") with { Namespaces = ["team-b"] };
        await _cluster.StartReconcilerAsync(options);

        var ignored = await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-a", "hello"));
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-b", "hello", @namespace: "team-b"));
        await _cluster.MarkedNodeAsync("team-b", "memo-b", "memo-b");

        var stillIgnored = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-a");
        Assert.Equal(ignored["metadata"]!["resourceVersion"]!.GetValue<string>(), stillIgnored["metadata"]!["resourceVersion"]!.GetValue<string>());
    }
}
