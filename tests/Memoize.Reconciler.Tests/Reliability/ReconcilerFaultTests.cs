using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Reconciler.Tests.Reliability;

/// <summary>
/// Memoized workflows through the real reconciler while the API server misbehaves; afterwards every entry is there
/// exactly once, in Argo's format, and nothing else was written (checked against the emulator's write record).
/// </summary>
public sealed class ReconcilerFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workflows = 12;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string> Faults => ["500", "503", "429 with Retry-After", "latency", "dropped watches", "410 Expired", "conflict on every first write"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_succeeded_node_is_stored_once_in_argos_format_through_the_fault(string fault)
    {
        var host = await _cluster.StartReconcilerAsync();
        var run = new MemoizedRun("f", Workflows);
        var faults = _cluster.Emulator.Faults;
        switch (fault)
        {
            case "500":
                faults.FailNext(4, 500, verb: "create", resource: "configmaps");
                faults.FailNext(4, 500, verb: "update", resource: "configmaps");
                faults.FailNext(2, 500, verb: "get", resource: "configmaps");
                break;
            case "503":
                faults.FailNext(4, 503, verb: "create", resource: "configmaps");
                faults.FailNext(4, 503, verb: "update", resource: "configmaps");
                break;
            case "429 with Retry-After":
                faults.RetryAfterSeconds = 1;
                faults.FailNext(2, 429, resource: "configmaps");
                break;
            case "latency":
                faults.Latency = TimeSpan.FromMilliseconds(40);
                break;
            case "conflict on every first write":
                faults.ConflictEveryFirstWrite("configmaps");
                break;
        }

        await run.CreateAsync(_cluster, 0, Workflows / 2);
        switch (fault)
        {
            case "dropped watches":
                faults.DropWatches(resetConnections: true);
                break;
            case "410 Expired":
                faults.FailNext(1, 500, verb: "list", resource: "configmaps");
                _cluster.Emulator.Compact();
                break;
        }
        await run.CreateAsync(_cluster, Workflows / 2);

        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
        if (fault == "conflict on every first write")
        {
            Assert.True(host.Metrics.ConflictsRetried.Value >= run.Caches, $"conflicts retried: {host.Metrics.ConflictsRetried.Value}");
        }
        faults.Clear();
    }

    [Fact]
    public async Task Many_workflows_on_one_cache_with_eight_workers_lose_no_write()
    {
        var host = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("busy") with { Workers = 8 });
        var run = new MemoizedRun("c", 60, Caches: 1);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(part => run.CreateAsync(_cluster, part * 15, (part + 1) * 15)));

        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
        await TestCluster.Eventually(() => host.Metrics.Stores.Value >= 60, "the Stores metric to reach 60");
        Assert.Equal(60, host.Metrics.Stores.Value);
    }

    [Fact]
    public async Task A_leader_killed_mid_write_loses_nothing_when_a_standby_takes_over()
    {
        var (connection, proxy) = _cluster.ConnectionThroughProxy();
        await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-a"), connection: connection);
        var standby = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-b"), waitForLeadership: false);
        var run = new MemoizedRun("k", 20);
        _cluster.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(30); // keeps writes in flight

        await run.CreateAsync(_cluster);
        await TestCluster.Eventually(() => _cluster.Emulator.Writes.Writes.Any(w => w.Resource == "configmaps" && w.User == _cluster.ReconcilerUser.Username),
            "the leader's first cache write");
        proxy.Cut(); // dies mid-batch: in-flight requests are cut, the Lease is neither renewed nor released
        _cluster.Emulator.Faults.Latency = TimeSpan.Zero;
        await TestCluster.Eventually(() => standby.IsLeader, "the standby to take over");

        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_batch_loses_nothing_and_stores_nothing_twice()
    {
        var first = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("before-restart"));
        var run = new MemoizedRun("r", 20);
        _cluster.Emulator.Faults.Latency = TimeSpan.FromMilliseconds(30);

        await run.CreateAsync(_cluster);
        await TestCluster.Eventually(() => _cluster.Emulator.Writes.Writes.Any(w => w.Resource == "configmaps" && w.User == _cluster.ReconcilerUser.Username),
            "the first cache write");
        await first.StopAsync(); // a rolling restart: SIGTERM in the middle of the batch
        _cluster.Emulator.Faults.Latency = TimeSpan.Zero;
        await _cluster.StartReconcilerAsync(TestCluster.TestOptions("after-restart"));

        await CacheAudit.AssertAllStoredAsync(_cluster, run.Expected);
    }
}
