using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Durations;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Cache;

public sealed class ConfigMapCacheStoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
    private const string Ns = TestCluster.ControllerNamespace;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static CacheEntry Entry(int i) =>
        new($"node-{i}", JsonNode.Parse($$"""{"parameters":[{"name":"out","value":"v{{i}}"}]}"""), Now, Now);

    private static string ExpectedJson(int i) =>
        $$"""{"nodeID":"node-{{i}}","outputs":{"parameters":[{"name":"out","value":"v{{i}}"}]},"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":"2026-11-21T10:00:00Z"}""";

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task Five_hundred_parallel_stores_into_one_configmap_all_land_in_few_writes(int forcedConflicts)
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        if (forcedConflicts > 0)
        {
            _cluster.Emulator.Faults.ConflictNextUpdates(forcedConflicts, "configmaps");
        }
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var stores = Enumerable.Range(0, 500)
            .Select(i => Task.Run(() => host.CacheStore.StoreAsync(Ns, "fan-out", new StoreOperation($"key-{i}", Entry(i), null), cancel.Token)))
            .ToList();
        var results = await Task.WhenAll(stores);

        Assert.All(results, r => Assert.Equal(CacheWriteOutcomeKind.Stored, r.Kind));
        var configMap = await _cluster.ConfigMaps.GetAsync(Ns, "fan-out");
        Assert.Equal(500, configMap.Data.Count);
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal(ExpectedJson(i), configMap.Data[$"key-{i}"]);
        }
        var writes = host.Metrics.ConfigMapWrites.Value;
        output.WriteLine($"500 stores took {writes} API write requests ({host.Metrics.ConflictsRetried.Value} of them conflicted and were re-applied)");
        Assert.InRange(writes, 1, 50);
        Assert.Equal(500, host.Metrics.Stores.Value);
        Assert.True(host.Metrics.ConflictsRetried.Value >= forcedConflicts);
    }

    [Fact]
    public async Task A_store_whose_key_holds_a_valid_entry_is_skipped_first_writer_wins()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var first = await host.CacheStore.StoreAsync(Ns, "race", new StoreOperation("k", Entry(1), null), cancel.Token);
        var second = await host.CacheStore.StoreAsync(Ns, "race", new StoreOperation("k", Entry(2), null), cancel.Token);

        Assert.Equal(CacheWriteOutcomeKind.Stored, first.Kind);
        Assert.Equal(CacheWriteOutcomeKind.Skipped, second.Kind);
        Assert.Equal("cache entry \"k\" already holds a valid entry from node node-1; the first writer wins, node node-2 is not stored", second.Message);
        Assert.Equal(ExpectedJson(1), (await _cluster.ConfigMaps.GetAsync(Ns, "race")).Data["k"]);
        Assert.Equal(1, host.Metrics.ConfigMapWrites.Value);
    }

    [Fact]
    public async Task A_write_past_the_budget_evicts_entries_without_node_then_expired_then_least_recently_hit()
    {
        var options = TestCluster.TestOptions("budget") with { SizeBudgetBytes = 1024 };
        var host = await _cluster.StartReconcilerAsync(options, new ManualTimeProvider(Now));
        host.CacheStore.CacheMaxAge = (_, _) => new GoDuration(3_600_000_000_000L); // every template of this cache: maxAge 1h
        static string Stored(string node, string created, string lastHit) =>
            $$"""{"nodeID":"{{node}}","outputs":{"result":"r"},"creationTimestamp":"2026-11-21T{{created}}Z","lastHitTimestamp":"2026-11-21T{{lastHit}}Z"}""";
        var existing = new Dictionary<string, string>
        {
            ["a-recent"] = Stored("n-a", "09:50:00", "09:59:00"),
            ["b-older"] = Stored("n-b", "09:40:00", "09:41:00"),
            ["c-expired"] = Stored("n-c", "08:00:00", "09:58:00"), // hit a minute ago, but older than the 1h maxAge
            ["d-no-node"] = Stored("", "09:55:00", "09:55:00"),
            ["e-oldest-hit"] = Stored("n-e", "09:30:00", "09:30:00"),
        };
        await _cluster.CreateCacheAsync(host, "small", existing);
        // the new entry leaves room for a-recent and b-older only
        var room = 1024 - CacheBudget.ValueBytes(existing["a-recent"]) - CacheBudget.ValueBytes(existing["b-older"]) - 10;
        var padding = new string('x', (int)(room - CacheBudget.ValueBytes(CacheEntryCodec.Write(new CacheEntry("n-new", new JsonObject { ["result"] = "" }, Now, Now)))));
        var entry = new CacheEntry("n-new", new JsonObject { ["result"] = padding }, Now, Now);
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var result = await host.CacheStore.StoreAsync(Ns, "small", new StoreOperation("new", entry, null), cancel.Token);

        Assert.Equal(CacheWriteOutcomeKind.Stored, result.Kind);
        var configMap = await _cluster.ConfigMaps.GetAsync(Ns, "small");
        Assert.Equal(["a-recent", "b-older", "new"], configMap.Data.Keys.Order(StringComparer.Ordinal));
        Assert.True(CacheBudget.SizeOf(configMap.Data.AsReadOnly()) <= 1024);
        Assert.Equal(3, host.Metrics.Evictions.Value);
        Assert.Equal(0, host.Metrics.MalformedEntries.Value);
        var notes = (await _cluster.EventsAboutAsync(Ns, "small")).Where(e => e.Reason == "MemoizeEntryEvicted").Select(e => e.Note).ToList();
        Assert.Equal(3, notes.Count);
        Assert.Contains(notes, n => n.StartsWith("evicted cache entry \"d-no-node\"", StringComparison.Ordinal) && n.Contains("it has no nodeID", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("evicted cache entry \"c-expired\"", StringComparison.Ordinal) && n.Contains("older than its template's maxAge", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("evicted cache entry \"e-oldest-hit\"", StringComparison.Ordinal) && n.Contains("least recently hit entry (last used 2026-11-21T09:30:00Z)", StringComparison.Ordinal));
        Assert.Equal(CacheBudget.SizeOf(configMap.Data.AsReadOnly()), host.Metrics.ConfigMapBytes(Ns, "small"));
    }

    [Fact]
    public async Task An_entry_larger_than_the_budget_is_refused_with_an_event_and_the_node_stays_succeeded()
    {
        var options = TestCluster.TestOptions("budget") with { SizeBudgetBytes = 1024 };
        var host = await _cluster.StartReconcilerAsync(options, new ManualTimeProvider(Now));

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-big", "big", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, "big"), outputs: new JsonObject { ["result"] = new string('x', 2000) }));
        var note = await _cluster.EventAsync(TestWorkflows.Namespace, "memo-big", "MemoizeEntryTooLarge");

        var size = CacheBudget.ValueBytes(CacheEntryCodec.Write(new CacheEntry("memo-big", new JsonObject { ["result"] = new string('x', 2000) }, Now, Now)));
        Assert.Equal($"node memo-big: cache entry \"big\" is {size.ToString(CultureInfo.InvariantCulture)} bytes, more than the whole cache budget of 1024 bytes (a ConfigMap holds at most 1048576 bytes), so it was not stored; pass large outputs as artifacts instead of parameters", note);
        Assert.Null(await _cluster.ConfigMaps.TryGetAsync(Ns, "greeting-cache"));
        Assert.Equal("Succeeded", (await _cluster.NodeAsync(TestWorkflows.Namespace, "memo-big", "memo-big"))["phase"]!.GetValue<string>());
        Assert.Equal(1, host.Metrics.EntriesTooLarge.Value);
    }

    [Fact]
    public async Task A_malformed_entry_is_reported_kept_and_never_blocks_the_other_entries()
    {
        var host = await _cluster.StartReconcilerAsync(time: new ManualTimeProvider(Now));
        await _cluster.CreateCacheAsync(host, "greeting-cache", new Dictionary<string, string> { ["broken"] = "not json{" });

        // a lookup on it: a miss (Argo would fail the node), with Argo's text in an Event on the Workflow
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-broken", "broken"));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "memo-broken", "memo-broken");
        Assert.False(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        Assert.Equal("malformed cache entry: could not unmarshal JSON; unable to parse: not json{ (cache ConfigMap argo/greeting-cache, key \"broken\", node memo-broken); the node runs as a miss and the entry is kept: fix or delete it",
            await _cluster.EventAsync(TestWorkflows.Namespace, "memo-broken", "MemoizeMalformedEntry"));

        // a store of another key into the same ConfigMap: stored, the malformed entry kept and reported on the ConfigMap
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("memo-fine", "fine", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, "fine"), outputs: TestWorkflows.Outputs("ok")));
        await _cluster.EntryAsync("greeting-cache", "fine");
        Assert.Equal("not json{", (await _cluster.ConfigMaps.GetAsync(Ns, "greeting-cache")).Data["broken"]);
        Assert.Equal("cache entry \"broken\" in ConfigMap argo/greeting-cache cannot be read and is kept as it is; fix or delete it: malformed cache entry: could not unmarshal JSON; unable to parse: not json{",
            await _cluster.EventAsync(Ns, "greeting-cache", "MemoizeMalformedEntry"));
        Assert.Equal(2, host.Metrics.MalformedEntries.Value); // once per place it was seen, never repeated
    }
}
