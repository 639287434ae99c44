using k8s;
using k8s.Models;
using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// A node whose entry was stored before it was looked up must hit, even while the reconciler's ConfigMap informer
/// has not seen the store yet (a slow watch, a watch reconnecting after a drop, a re-list after a compaction): the
/// soak's <c>s6472-hit-0 missed</c>. The emulator holds the ConfigMap watch events back for the whole lookup, so
/// the informer is behind the API server for certain, not by timing luck.
/// </summary>
public sealed class LaggingInformerLookupTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Cache = "lag-cache-0";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task An_entry_the_reconciler_just_stored_is_a_hit_before_its_informer_sees_the_write()
    {
        var host = await _cluster.StartReconcilerAsync();
        _cluster.Emulator.Faults.HoldWatchEvents("configmaps");
        var run = new MemoizedRun("lag", 1, Caches: 1);
        await run.CreateAsync(_cluster);
        await _cluster.EntryAsync(Cache, "lag-key-0"); // stored: the API server has it

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("lag-hit", "lag-key-0", memoize: TestWorkflows.Memoize(Cache, maxAge: "1h")));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "lag-hit", "lag-hit");

        Assert.Null(host.Resources.CacheConfigMap(TestCluster.ControllerNamespace, Cache)); // the informer never saw the ConfigMap
        Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>(), "lag-hit missed an entry stored before its lookup");
        Assert.Equal("Succeeded", node["phase"]!.GetValue<string>());
        Assert.Equal("lag-value-0", node["outputs"]!["parameters"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, host.Metrics.LookupReads.Value);
        _cluster.Emulator.Faults.ReleaseWatchEvents("configmaps");
    }

    [Fact]
    public async Task An_entry_added_to_a_cache_the_informer_holds_an_older_copy_of_is_a_hit()
    {
        var host = await _cluster.StartReconcilerAsync();
        var older = await _cluster.CreateCacheAsync(host, Cache, new Dictionary<string, string> { ["other"] = Fixtures.ArgoEntry });
        _cluster.Emulator.Faults.HoldWatchEvents("configmaps");
        var newer = KubernetesJson.Deserialize<V1ConfigMap>(KubernetesJson.Serialize(older));
        newer.Data["hello"] = Fixtures.ArgoEntry; // as Argo's controller stores it
        await _cluster.ConfigMaps.UpdateAsync(newer);

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("lag-argo", "hello", memoize: TestWorkflows.Memoize(Cache, maxAge: null)));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "lag-argo", "lag-argo");

        Assert.Equal(older.ResourceVersion(), host.Resources.CacheConfigMap(TestCluster.ControllerNamespace, Cache)!.ResourceVersion()); // still the older copy
        Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>(), "lag-argo missed an entry stored before its lookup");
        Assert.Equal("hello", node["outputs"]!["parameters"]![0]!["value"]!.GetValue<string>());
        _cluster.Emulator.Faults.ReleaseWatchEvents("configmaps");
    }

    [Fact]
    public async Task A_miss_is_confirmed_with_one_read_and_an_unlabelled_configmap_read_then_is_still_a_miss()
    {
        var host = await _cluster.StartReconcilerAsync();
        _cluster.Emulator.Faults.HoldWatchEvents("configmaps");
        await _cluster.CreateConfigMapAsync(Cache, new Dictionary<string, string> { ["hello"] = Fixtures.ArgoEntry }); // no Cache label: never used

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("lag-miss", "hello", memoize: TestWorkflows.Memoize(Cache, maxAge: null)));
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "lag-miss", "lag-miss");

        Assert.False(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        Assert.Equal("Pending", node["phase"]!.GetValue<string>());
        Assert.Equal(1, host.Metrics.LookupReads.Value);
        Assert.Equal(1, host.Metrics.Misses.Value);
        _cluster.Emulator.Faults.ReleaseWatchEvents("configmaps");
    }

    [Fact]
    public async Task A_miss_that_cannot_be_confirmed_leaves_the_node_undecided_and_is_retried()
    {
        var host = await _cluster.StartReconcilerAsync();
        _cluster.Emulator.Faults.HoldWatchEvents("configmaps");
        var run = new MemoizedRun("lag", 1, Caches: 1);
        await run.CreateAsync(_cluster);
        await _cluster.EntryAsync(Cache, "lag-key-0");
        _cluster.Emulator.Faults.FailNext(1000, 500, verb: "get", resource: "configmaps");

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("lag-later", "lag-key-0", memoize: TestWorkflows.Memoize(Cache, maxAge: "1h")));
        await TestCluster.Eventually(() => host.Metrics.ReconcileErrors.Value >= 2, "the reconcile to fail on the confirming read and be retried");

        Assert.Null((await _cluster.NodeAsync(TestWorkflows.Namespace, "lag-later", "lag-later"))["memoizationStatus"]); // not marked a miss on a failed read
        _cluster.Emulator.Faults.Clear();
        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "lag-later", "lag-later");
        Assert.True(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        _cluster.Emulator.Faults.ReleaseWatchEvents("configmaps");
    }
}
