using System.Text.Json.Nodes;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Controllers;

public sealed class LookupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset EntryCreated = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_hit_on_an_entry_in_argos_format_replays_its_outputs_and_marks_the_node_succeeded()
    {
        var clock = new ManualTimeProvider(EntryCreated.AddSeconds(5));
        var host = await _cluster.StartReconcilerAsync(time: clock);
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry });

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-hit", "hello"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-hit", "memo-hit");

        JsonAssert.Equivalent("""{"hit":true,"key":"hello","cacheName":"greeting-cache"}""", node["memoizationStatus"]);
        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>());
        JsonAssert.Equivalent("""{"parameters":[{"name":"out","value":"hello"}],"exitCode":"0"}""", node["outputs"]);
        Assert.Equal("2026-11-21T10:00:05Z", node["finishedAt"]!.GetValue<string>());
        // every other field survives untouched
        Assert.Equal("kind-worker", node["hostNodeName"]!.GetValue<string>());
        Assert.Equal("0/1", node["progress"]!.GetValue<string>());
        Assert.Equal("2026-11-21T10:00:00Z", node["startedAt"]!.GetValue<string>());
        var workflow = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-hit");
        Assert.Equal("a", workflow["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal("main", workflow["spec"]!["entrypoint"]!.GetValue<string>());

        // lastHitTimestamp moves to the lookup time; everything else of Argo's entry is kept byte for byte
        await TestCluster.Eventually(async () => (await _cluster.EntryAsync("greeting-cache", "hello")).Contains("10:00:05", StringComparison.Ordinal), "lastHitTimestamp to be updated");
        Assert.Equal(
            """{"nodeID":"memo-apply","outputs":{"parameters":[{"name":"out","value":"hello"}],"exitCode":"0"},"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":"2026-11-21T10:00:05Z"}""",
            await _cluster.EntryAsync("greeting-cache", "hello"));
        Assert.Equal(1, host.Metrics.Lookups.Value);
        Assert.Equal(1, host.Metrics.Hits.Value);
        Assert.Equal(0, host.Metrics.Misses.Value);
    }

    [Fact]
    public async Task A_miss_marks_the_node_and_creates_nothing()
    {
        var host = await _cluster.StartReconcilerAsync();

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-miss", "hello"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-miss", "memo-miss");

        JsonAssert.Equivalent("""{"hit":false,"key":"hello","cacheName":"greeting-cache"}""", node["memoizationStatus"]);
        Assert.Equal("Pending", node["phase"]!.GetValue<string>());
        Assert.Null(node["outputs"]);
        Assert.Null(node["finishedAt"]);
        Assert.Null(await _cluster.ConfigMaps.TryGetAsync(TestCluster.ControllerNamespace, "greeting-cache"));
        Assert.Equal(1, host.Metrics.Misses.Value);
        Assert.Equal(0, host.Metrics.ConfigMapWrites.Value);
    }

    [Theory]
    [InlineData(10_000, true)] // age == maxAge: still a hit
    [InlineData(10_001, false)] // 1 ms more: expired
    [InlineData(0, true)]
    public async Task Expiry_is_strictly_greater_than_maxAge(int ageMilliseconds, bool hit)
    {
        var clock = new ManualTimeProvider(EntryCreated.AddMilliseconds(ageMilliseconds));
        var host = await _cluster.StartReconcilerAsync(time: clock);
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string>
        {
            ["hello"] = """{"nodeID":"earlier-run","outputs":{"result":"hi"},"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":null}""",
        });

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-age", "hello"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-age", "memo-age");

        Assert.Equal(hit, node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        Assert.Equal(hit ? "Succeeded" : "Pending", node["phase"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"NodeID":"n1","Outputs":{"result":"x"},"CreationTimestamp":"2026-11-21T10:00:00.123456+02:00","extra":[1,2]}""")]
    [InlineData("""{"nodeid":"n1","outputs":{"result":"x"},"creationTimestamp":"2026-11-21T08:00:00Z"}""")]
    public async Task Entries_with_any_field_case_offsets_fractions_and_unknown_fields_are_read(string entry)
    {
        var clock = new ManualTimeProvider(EntryCreated.AddSeconds(5));
        var host = await _cluster.StartReconcilerAsync(time: clock);
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["hello"] = entry });

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-lenient", "hello", memoize: TestWorkflows.Memoize(maxAge: "3h")));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-lenient", "memo-lenient");

        Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        JsonAssert.Equivalent("""{"result":"x"}""", node["outputs"]);
    }

    [Fact]
    public async Task A_hit_on_an_entry_without_outputs_leaves_the_node_without_outputs()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(EntryCreated.AddSeconds(1)));
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string>
        {
            ["hello"] = """{"nodeID":"n1","outputs":null,"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":"2026-11-21T10:00:00Z"}""",
        });

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-nothing", "hello"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-nothing", "memo-nothing");

        Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>());
        Assert.False(node.ContainsKey("outputs"));
    }

    [Fact]
    public async Task A_node_that_already_has_a_memoizationStatus_is_not_looked_up_again()
    {
        var host = await _cluster.StartReconcilerAsync();
        var created = await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-decided", "hello", phase: "Running",
            memoizationStatus: TestWorkflows.Status(false, "hello")));
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-after", "hello"));
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-after", "memo-after"); // the decided one was seen before

        var stored = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "memo-decided");
        Assert.Equal(created["metadata"]!["resourceVersion"]!.GetValue<string>(), stored["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(1, host.Metrics.Lookups.Value);
    }
}
