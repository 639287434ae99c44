using k8s.Models;
using System.Text.Json.Nodes;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.GarbageCollection;

public sealed class CacheGarbageCollectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private const string Ns = TestCluster.ControllerNamespace;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static ReconcilerOptions GcOptions(TimeSpan notHitFor) => TestCluster.TestOptions("gc") with
    {
        GarbageCollection = true,
        GarbageCollectionPeriod = TimeSpan.FromHours(1),
        GarbageCollectionNotHitFor = notHitFor,
    };

    private static string Entry(string created, string? lastHit) =>
        $$"""{"nodeID":"n","outputs":null,"creationTimestamp":"2026-11-21T{{created}}Z","lastHitTimestamp":{{(lastHit is null ? "null" : $"\"2026-11-21T{lastHit}Z\"")}}}""";

    private async Task<V1ConfigMap> CreateCacheAsync(ReconcilerHost host, string name, Dictionary<string, string> data, bool ours)
    {
        var configMap = ConfigMapClient.New(Ns, name);
        configMap.SetLabel("workflows.argoproj.io/configmap-type", "Cache");
        if (ours)
        {
            configMap.SetAnnotation("memoize.argoproj.io/created-by", "memoize-reconciler");
        }
        configMap.Data = new Dictionary<string, string>(data);
        var created = await _cluster.ConfigMaps.CreateAsync(configMap);
        await TestCluster.Eventually(() => host.Resources.CacheConfigMap(Ns, name)?.ResourceVersion() == created.ResourceVersion(), $"the informer to see {name}");
        return created;
    }

    [Fact]
    public async Task Entries_not_hit_for_the_configured_age_are_deleted_and_malformed_ones_kept_and_reported()
    {
        var host = await _cluster.StartReconcilerAsync(GcOptions(TimeSpan.FromHours(1)), new ManualTimeProvider(Now));
        await CreateCacheAsync(host, "mixed", new Dictionary<string, string>
        {
            ["stale"] = Entry("09:00:00", "10:59:59"), // last hit 1h0m1s ago
            ["edge"] = Entry("09:00:00", "11:00:00"), // exactly 1h ago: kept
            ["fresh"] = Entry("09:00:00", "11:55:00"),
            ["never-hit"] = Entry("10:00:00", null), // falls back to its creation: 2h ago
            ["broken"] = "{\"nodeID\":",
        }, ours: true);
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var report = await host.GarbageCollection.CollectOnceAsync(cancel.Token);

        Assert.Equal(new Memoize.Reconciler.GarbageCollection.GarbageCollectionReport(1, 2, 0, 1), report);
        var configMap = await _cluster.ConfigMaps.GetAsync(Ns, "mixed");
        Assert.Equal(["broken", "edge", "fresh"], configMap.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("cache entry \"broken\" in ConfigMap argo/mixed cannot be read and is kept as it is; fix or delete it: malformed cache entry: could not unmarshal JSON; unable to parse: {\"nodeID\":",
            await _cluster.EventAsync(Ns, "mixed", "MemoizeMalformedEntry"));
        await TestCluster.Eventually(() => host.Metrics.GarbageCollectedEntries.Value >= 2, "the GarbageCollectedEntries metric to reach 2"); // counted just after the write lands
        Assert.Equal(2, host.Metrics.GarbageCollectedEntries.Value);
        Assert.Equal(1, host.Metrics.MalformedEntries.Value);
    }

    [Fact]
    public async Task An_emptied_configmap_is_deleted_only_when_the_reconciler_created_it()
    {
        var host = await _cluster.StartReconcilerAsync(GcOptions(TimeSpan.FromHours(1)), new ManualTimeProvider(Now));
        await CreateCacheAsync(host, "ours", new Dictionary<string, string> { ["old"] = Entry("08:00:00", "08:00:00") }, ours: true);
        await CreateCacheAsync(host, "theirs", new Dictionary<string, string> { ["old"] = Entry("08:00:00", "08:00:00") }, ours: false);
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var report = await host.GarbageCollection.CollectOnceAsync(cancel.Token);

        Assert.Equal(2, report.EntriesDeleted);
        Assert.Equal(1, report.ConfigMapsDeleted);
        Assert.Null(await _cluster.ConfigMaps.TryGetAsync(Ns, "ours"));
        var theirs = await _cluster.ConfigMaps.GetAsync(Ns, "theirs");
        Assert.Empty(theirs.Data);
        Assert.Equal(1, host.Metrics.GarbageCollectedConfigMaps.Value);
    }

    [Fact]
    public async Task Entries_older_than_every_maxAge_naming_the_cache_are_deleted_only_when_all_are_known()
    {
        var host = await _cluster.StartReconcilerAsync(GcOptions(TimeSpan.Zero), new ManualTimeProvider(Now));
        await CreateTemplateAsync(host, "known", "ret-cache", "1h");
        await CreateTemplateAsync(host, "templated", "open-cache", "{{workflow.parameters.ttl}}");
        var data = new Dictionary<string, string>
        {
            ["old"] = Entry("10:00:00", "11:59:00"), // created 2h ago, hit a minute ago: no template can hit it
            ["young"] = Entry("11:30:00", "11:30:00"),
        };
        await CreateCacheAsync(host, "ret-cache", data, ours: false);
        await CreateCacheAsync(host, "open-cache", data, ours: false);
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        await host.GarbageCollection.CollectOnceAsync(cancel.Token);

        Assert.Equal(["young"], (await _cluster.ConfigMaps.GetAsync(Ns, "ret-cache")).Data.Keys);
        Assert.Equal(["old", "young"], (await _cluster.ConfigMaps.GetAsync(Ns, "open-cache")).Data.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_leader_collects_every_period()
    {
        var clock = new ManualTimeProvider(Now);
        var host = await _cluster.StartReconcilerAsync(GcOptions(TimeSpan.FromHours(1)), clock);
        await CreateCacheAsync(host, "periodic", new Dictionary<string, string> { ["old"] = Entry("08:00:00", "08:00:00"), ["new"] = Entry("11:59:00", "12:00:00") }, ours: false);

        clock.Advance(TimeSpan.FromHours(1));

        await TestCluster.Eventually(async () => !(await _cluster.ConfigMaps.GetAsync(Ns, "periodic")).Data.ContainsKey("old"), "the periodic pass to delete the old entry");
        await TestCluster.Eventually(() => host.Metrics.GarbageCollectedEntries.Value >= 1, "the GarbageCollectedEntries metric to reach 1"); // counted just after the write lands
        Assert.Equal(1, host.Metrics.GarbageCollectedEntries.Value);
    }

    private async Task CreateTemplateAsync(ReconcilerHost host, string name, string cache, string maxAge)
    {
        var template = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "WorkflowTemplate",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = TestWorkflows.Namespace },
            ["spec"] = new JsonObject
            {
                ["templates"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["memoize"] = TestWorkflows.Memoize(cache, maxAge),
                    ["container"] = new JsonObject { ["image"] = "alpine:3.20" },
                }),
            },
        };
        await new ArgoResourceClient(_cluster.Api, ResourceType.WorkflowTemplates).CreateAsync(template);
        await TestCluster.Eventually(() => host.Resources.TemplateOwner(new Memoize.Core.Workflows.TemplateOwner(false, name, TestWorkflows.Namespace)) is not null,
            $"the informer to see WorkflowTemplate {name}");
    }
}
