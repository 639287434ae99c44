using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Controllers;

public sealed class ApiFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task ConvergesAsync(string suffix)
    {
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod($"lookup-{suffix}", $"lookup-{suffix}"));
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod($"store-{suffix}", $"store-{suffix}", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, $"store-{suffix}"), outputs: TestWorkflows.Outputs(suffix)));

        var node = await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, $"lookup-{suffix}", $"lookup-{suffix}");
        Assert.False(node["memoizationStatus"]!["hit"]!.GetValue<bool>());
        Assert.StartsWith($$"""{"nodeID":"store-{{suffix}}",""", await _cluster.EntryAsync("greeting-cache", $"store-{suffix}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_errors_and_conflicts_on_writes_are_retried_until_the_reconciler_converges()
    {
        var host = await _cluster.StartReconcilerAsync();
        _cluster.Emulator.Faults.FailNext(2, 500, verb: "update", resource: "workflows");
        _cluster.Emulator.Faults.ConflictNextUpdates(2, "workflows");
        _cluster.Emulator.Faults.FailNext(2, 503, verb: "create", resource: "configmaps");

        await ConvergesAsync("errors");

        Assert.True(host.Metrics.ReconcileErrors.Value >= 2, $"reconcile errors: {host.Metrics.ReconcileErrors.Value}");
        Assert.Equal(2, host.Metrics.WorkflowConflicts.Value);
    }

    [Fact]
    public async Task Throttling_with_429_is_waited_out()
    {
        var host = await _cluster.StartReconcilerAsync();
        _cluster.Emulator.Faults.RetryAfterSeconds = 1;
        _cluster.Emulator.Faults.FailNext(2, 429, verb: "create", resource: "configmaps");
        _cluster.Emulator.Faults.FailNext(1, 429, verb: "update", resource: "workflows");

        await ConvergesAsync("throttled");

        Assert.Equal(0, host.Metrics.ReconcileErrors.Value); // the client waited and retried: nothing failed
    }

    [Fact]
    public async Task Dropped_watches_and_a_compaction_make_the_informers_relist_and_work_goes_on()
    {
        var host = await _cluster.StartReconcilerAsync();
        await ConvergesAsync("before");

        _cluster.Emulator.Faults.FailNext(2, 500, verb: "list", resource: "workflows");
        _cluster.Emulator.Faults.DropWatches(resetConnections: true);
        _cluster.Emulator.Compact();
        await ConvergesAsync("after-compaction");

        _cluster.Emulator.Faults.DropWatches();
        await ConvergesAsync("after-drop");

        await TestCluster.Eventually(() => host.Metrics.Stores.Value >= 3, "the Stores metric to reach 3"); // counted just after the write lands
        Assert.Equal(3, host.Metrics.Stores.Value);
        Assert.Equal(3, host.Metrics.Lookups.Value);
    }
}
