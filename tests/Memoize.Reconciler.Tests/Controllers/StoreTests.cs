using k8s.Models;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Controllers;

public sealed class StoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 7, 500, TimeSpan.Zero);
    private const string Cache = "greeting-cache";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static JsonObject Succeeded(string name, string message, JsonNode? outputs) =>
        TestWorkflows.SinglePod(name, message, phase: "Succeeded", memoizationStatus: TestWorkflows.Status(false, message), outputs: outputs);

    [Fact]
    public async Task A_succeeded_node_is_stored_in_argos_exact_entry_format_in_a_labelled_configmap_created_in_one_request()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));

        await _cluster.CreateWorkflowAsync(Succeeded("memo-store", "hello", TestWorkflows.Outputs("world")));
        var entry = await _cluster.EntryAsync(Cache, "hello");

        // the API server hands custom resources back with sorted keys; the entry puts them back in Argo's struct order
        Assert.Equal(
            """{"nodeID":"memo-store","outputs":{"parameters":[{"name":"hello","value":"world","valueFrom":{"path":"/tmp/hello_world.txt"}}],"exitCode":"0"},"creationTimestamp":"2026-11-21T10:00:07Z","lastHitTimestamp":"2026-11-21T10:00:07Z"}""",
            entry);
        // Argo's Entry struct, field by field: names, order, whole-second UTC timestamps
        using var document = JsonDocument.Parse(entry);
        Assert.Equal(["nodeID", "outputs", "creationTimestamp", "lastHitTimestamp"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Now.AddMilliseconds(-500), DateTimeOffset.Parse(document.RootElement.GetProperty("creationTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        // and it reads back with Argo's rules
        var read = Memoize.Core.Cache.CacheEntryCodec.Read(entry).Entry!;
        Assert.Equal("memo-store", read.NodeId);
        Assert.Equal(Now.AddMilliseconds(-500), read.CreationTimestamp);
        Assert.Equal(Now.AddMilliseconds(-500), read.LastHitTimestamp);
        JsonAssert.Equivalent(TestWorkflows.Outputs("world").ToJsonString(), read.Outputs);

        var configMap = (await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, Cache))!;
        Assert.Equal("Cache", configMap.Metadata.Labels["workflows.argoproj.io/configmap-type"]);
        Assert.Equal("memoize-reconciler", configMap.Metadata.Annotations["memoize.argoproj.io/created-by"]);
        await TestCluster.Eventually(() => host.Metrics.Stores.Value >= 1, "the Stores metric to reach 1"); // counted just after the write lands
        Assert.Equal(1, host.Metrics.Stores.Value);
        Assert.Equal(1, host.Metrics.ConfigMapWrites.Value); // the create carried the label: no second request
    }

    [Fact]
    public async Task A_node_without_outputs_is_stored_with_null_outputs()
    {
        await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));

        await _cluster.CreateWorkflowAsync(Succeeded("memo-bare", "quiet", outputs: null));

        Assert.Equal("""{"nodeID":"memo-bare","outputs":null,"creationTimestamp":"2026-11-21T10:00:07Z","lastHitTimestamp":"2026-11-21T10:00:07Z"}""",
            await _cluster.EntryAsync(Cache, "quiet"));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Error")]
    [InlineData("Skipped")]
    [InlineData("Omitted")]
    [InlineData("Running")]
    public async Task Only_succeeded_nodes_are_stored(string phase)
    {
        var host = await _cluster.StartReconcilerAsync();
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-other", "other", phase: phase,
            memoizationStatus: TestWorkflows.Status(false, "other"), outputs: TestWorkflows.Outputs("no")));
        await _cluster.CreateWorkflowAsync(Succeeded("memo-sentinel", "sentinel", TestWorkflows.Outputs("yes")));

        await _cluster.EntryAsync(Cache, "sentinel"); // the other workflow was reconciled before this one was stored
        var configMap = await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, Cache);

        Assert.Equal(["sentinel"], configMap.Data.Keys);
        await TestCluster.Eventually(() => host.Metrics.Stores.Value >= 1, "the Stores metric to reach 1"); // counted just after the write lands
        Assert.Equal(1, host.Metrics.Stores.Value);
    }

    [Theory]
    [InlineData("Steps")]
    [InlineData("DAG")]
    public async Task Steps_and_dag_nodes_are_stored_under_their_own_node_id(string type)
    {
        await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        var outputs = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "greeting", ["value"] = "hi" }) };

        await _cluster.CreateWorkflowAsync(TestWorkflows.StepsOrDag("memo-group", type, "grouped", "Succeeded", TestWorkflows.Status(false, "grouped"), outputs));

        Assert.Equal("""{"nodeID":"memo-group","outputs":{"parameters":[{"name":"greeting","value":"hi"}]},"creationTimestamp":"2026-11-21T10:00:07Z","lastHitTimestamp":"2026-11-21T10:00:07Z"}""",
            await _cluster.EntryAsync(Cache, "grouped"));
    }

    [Theory]
    [InlineData("Steps")]
    [InlineData("DAG")]
    public async Task A_hit_on_a_steps_or_dag_node_marks_it_succeeded(string type)
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        await _cluster.CreateCacheAsync(host, Cache, new Dictionary<string, string>
        {
            ["grouped"] = """{"nodeID":"earlier","outputs":{"parameters":[{"name":"greeting","value":"hi"}]},"creationTimestamp":"2026-11-21T10:00:05Z","lastHitTimestamp":null}""",
        });

        await _cluster.CreateWorkflowAsync(TestWorkflows.StepsOrDag("memo-group", type, "grouped", "Running"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-group", "memo-group");

        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>());
        JsonAssert.Equivalent("""{"parameters":[{"name":"greeting","value":"hi"}]}""", node["outputs"]);
    }

    [Fact]
    public async Task A_retried_node_is_stored_with_the_successful_attempts_id()
    {
        await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        var workflow = Succeeded("memo-retry", "again", TestWorkflows.Outputs("third time"));
        var nodes = (JsonObject)workflow["status"]!["nodes"]!;
        var retry = (JsonObject)nodes["memo-retry"]!;
        retry["type"] = "Retry";
        retry["children"] = new JsonArray("memo-retry-1", "memo-retry-2");
        nodes["memo-retry-1"] = TestWorkflows.Node("memo-retry-1", "memo-retry(0)", "Pod", "main", "Failed", "again");
        var success = TestWorkflows.Node("memo-retry-2", "memo-retry(1)", "Pod", "main", "Succeeded", "again");
        success["outputs"] = TestWorkflows.Outputs("third time");
        nodes["memo-retry-2"] = success;

        await _cluster.CreateWorkflowAsync(workflow);

        Assert.StartsWith("""{"nodeID":"memo-retry-2","outputs":{"parameters":[{"name":"hello","value":"third time",""",
            await _cluster.EntryAsync(Cache, "again"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_keeps_the_other_labels_and_entries_of_an_existing_cache()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        await _cluster.CreateConfigMapAsync(Cache, new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry },
            new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = "Cache", ["team"] = "a", ["app.kubernetes.io/part-of"] = "greetings" });
        await TestCluster.Eventually(() => host.Resources.CacheConfigMap(TestCluster.ControllerNamespace, Cache) is not null, "the informer to see the cache");

        await _cluster.CreateWorkflowAsync(Succeeded("memo-more", "bonjour", TestWorkflows.Outputs("monde")));
        await _cluster.EntryAsync(Cache, "bonjour");

        var configMap = await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, Cache);
        Assert.Equal("a", configMap.Metadata.Labels["team"]);
        Assert.Equal("greetings", configMap.Metadata.Labels["app.kubernetes.io/part-of"]);
        Assert.Equal(Fixtures.ArgoEntry, configMap.Data["hello"]);
        Assert.False(configMap.Metadata.Annotations?.ContainsKey("memoize.argoproj.io/created-by") ?? false); // not ours: GC never deletes it
    }

    [Fact]
    public async Task A_stored_node_is_not_stored_again_when_reconciled_again()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        await _cluster.CreateWorkflowAsync(Succeeded("memo-once", "once", TestWorkflows.Outputs("x")));
        await _cluster.EntryAsync(Cache, "once");
        await TestCluster.Eventually(() => host.Resources.CacheConfigMap(TestCluster.ControllerNamespace, Cache) is not null, "the informer to see the cache");

        // Argo's controller touches the Workflow again: another reconcile, nothing more to do
        var workflow = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-once");
        workflow["metadata"]!["labels"]!["touched"] = "yes";
        await _cluster.Workflows.UpdateAsync(workflow);
        await _cluster.CreateWorkflowAsync(Succeeded("memo-later", "later", TestWorkflows.Outputs("y")));
        await _cluster.EntryAsync(Cache, "later");

        await TestCluster.Eventually(() => host.Metrics.Stores.Value >= 2, "the Stores metric to reach 2"); // counted just after the write lands
        Assert.Equal(2, host.Metrics.Stores.Value);
        Assert.Equal(2, host.Metrics.ConfigMapWrites.Value);
    }

    [Theory]
    [InlineData(null, "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it")]
    [InlineData("Parameter", "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it")]
    public async Task A_configmap_without_the_cache_label_is_never_written_and_the_refusal_uses_argos_text(string? label, string argoText)
    {
        var host = await _cluster.StartReconcilerAsync();
        var labels = label is null ? null : new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = label };
        var before = await _cluster.CreateConfigMapAsync(Cache, new Dictionary<string, string> { ["keep"] = "me" }, labels);

        await _cluster.CreateWorkflowAsync(Succeeded("memo-refused", "hello", TestWorkflows.Outputs("world")));
        var note = await _cluster.EventAsync(TestWorkflows.Namespace, "memo-refused", "MemoizeCacheRefused");

        Assert.Equal($"{argoText} (ConfigMap argo/greeting-cache, node memo-refused); label it with kubectl label configmap -n argo greeting-cache workflows.argoproj.io/configmap-type=Cache to let memoization use it", note);
        var after = await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, Cache);
        Assert.Equal(before.ResourceVersion(), after.ResourceVersion());
        Assert.Equal(1, host.Metrics.Refused.Value);
        Assert.Equal(0, host.Metrics.ConfigMapWrites.Value);
        var node = await _cluster.NodeAsync(TestWorkflows.Namespace, "memo-refused", "memo-refused");
        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>()); // the node never fails because of the cache
    }

    [Fact]
    public async Task A_refused_store_lands_at_the_next_resync_once_the_configmap_is_labelled()
    {
        var clock = new ManualTimeProvider(Now);
        var host = await _cluster.StartReconcilerAsync(time: clock);
        await _cluster.CreateConfigMapAsync(Cache, new Dictionary<string, string>());
        await _cluster.CreateWorkflowAsync(Succeeded("memo-later", "later", TestWorkflows.Outputs("x")));
        await _cluster.EventAsync(TestWorkflows.Namespace, "memo-later", "MemoizeCacheRefused");

        var configMap = await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, Cache);
        configMap.SetLabel("workflows.argoproj.io/configmap-type", "Cache");
        await _cluster.ConfigMaps.UpdateAsync(configMap);
        await TestCluster.Eventually(() => host.Resources.CacheConfigMap(TestCluster.ControllerNamespace, Cache) is not null, "the informer to see the labelled cache");
        clock.Advance(TestCluster.TestOptions("any").ResyncPeriod);

        Assert.StartsWith("""{"nodeID":"memo-later",""", await _cluster.EntryAsync(Cache, "later"), StringComparison.Ordinal);
    }
}
