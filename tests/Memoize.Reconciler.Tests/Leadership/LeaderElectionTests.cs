using System.Diagnostics;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Tests.Support;
using Xunit.Abstractions;
using Memoize.Testing.Metrics;

namespace Memoize.Reconciler.Tests.Leadership;

public sealed class LeaderElectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Only_the_leader_works_and_a_standby_takes_over_within_the_lease_duration_when_it_dies()
    {
        var (connection, proxy) = _cluster.ConnectionThroughProxy();
        var first = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-a"), connection: connection);
        var second = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-b"), waitForLeadership: false);
        Assert.True(first.IsLeader);
        Assert.False(second.IsLeader);
        Assert.Equal(["memoize_reconciler_leader 1"], (await ScrapeAsync(first)).Series("memoize_reconciler_leader"));
        Assert.Equal(["memoize_reconciler_leader 0"], (await ScrapeAsync(second)).Series("memoize_reconciler_leader"));

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("before", "before"));
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "before", "before");
        Assert.Equal(1, first.Metrics.Lookups.Value);
        Assert.Equal(0, second.Metrics.Lookups.Value);

        // the leader dies: it can neither renew nor release its Lease
        var sinceDeath = Stopwatch.StartNew();
        proxy.Cut();
        await TestCluster.Eventually(() => second.IsLeader, "the standby to take over");
        sinceDeath.Stop();
        var options = TestCluster.TestOptions("any");
        output.WriteLine($"the standby led {sinceDeath.Elapsed.TotalSeconds:0.00} s after the leader died (lease duration {options.LeaseDuration.TotalSeconds} s)");
        Assert.True(sinceDeath.Elapsed <= options.LeaseDuration + TimeSpan.FromSeconds(2),
            $"the standby took {sinceDeath.Elapsed.TotalSeconds:0.00} s to lead; the lease lasts {options.LeaseDuration.TotalSeconds} s");

        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("after", "after"));
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "after", "after");
        Assert.Equal(1, second.Metrics.Lookups.Value);
        var lease = await new LeaseClient(_cluster.Api).GetAsync(TestCluster.ControllerNamespace, "memoize-reconciler");
        Assert.Equal("replica-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);

        // the old leader notices it lost the Lease and stops working
        await TestCluster.Eventually(() => !first.IsLeader, "the dead leader to stop leading");
        Assert.Equal(["memoize_reconciler_leader 0"], (await ScrapeAsync(first)).Series("memoize_reconciler_leader"));
    }

    [Fact]
    public async Task A_graceful_stop_releases_the_lease_so_the_standby_leads_at_once()
    {
        var first = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-a") with { LeaseDuration = TimeSpan.FromSeconds(30), LeaseRenewDeadline = TimeSpan.FromSeconds(20) });
        var second = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("replica-b") with { LeaseDuration = TimeSpan.FromSeconds(30), LeaseRenewDeadline = TimeSpan.FromSeconds(20) },
            waitForLeadership: false);

        await first.StopAsync();

        // well before the 30 s lease could expire
        await TestCluster.Eventually(() => second.IsLeader, "the standby to lead after the release");
    }

    [Fact]
    public async Task After_a_restart_mid_way_a_node_marked_by_the_old_instance_is_stored_exactly_once_by_the_new_one()
    {
        var first = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("before-restart"));
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("restarted", "again"));
        await _cluster.MarkedNodeAsync(TestWorkflows.Namespace, "restarted", "restarted");
        await first.StopAsync();

        // while no reconciler runs, Argo's controller runs the pod and records the outputs
        var workflow = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "restarted");
        var node = workflow["status"]!["nodes"]!["restarted"]!.AsObject();
        node["phase"] = "Succeeded";
        node["outputs"] = TestWorkflows.Outputs("once");
        await _cluster.Workflows.UpdateAsync(workflow);

        var second = await _cluster.StartReconcilerAsync(TestCluster.TestOptions("after-restart"));
        var entry = await _cluster.EntryAsync("greeting-cache", "again");
        Assert.StartsWith("""{"nodeID":"restarted",""", entry, StringComparison.Ordinal);

        // more events for the same workflow: nothing more is written
        workflow = await _cluster.Workflows.GetAsync(TestWorkflows.Namespace, "restarted");
        workflow["metadata"]!["labels"]!["seen"] = "twice";
        await _cluster.Workflows.UpdateAsync(workflow);
        await _cluster.CreateWorkflowAsync(TestWorkflows.SinglePod("sentinel", "sentinel", phase: "Succeeded",
            memoizationStatus: TestWorkflows.Status(false, "sentinel"), outputs: TestWorkflows.Outputs("s")));
        await _cluster.EntryAsync("greeting-cache", "sentinel");

        Assert.Equal(1, first.Metrics.Lookups.Value);
        Assert.Equal(0, second.Metrics.Lookups.Value); // the node keeps the memoizationStatus the first instance wrote
        await TestCluster.Eventually(() => second.Metrics.Stores.Value >= 2, "the Stores metric to reach 2"); // counted just after the write lands
        Assert.Equal(2, second.Metrics.Stores.Value); // "again" once, and the sentinel
        Assert.Equal(entry, (await _cluster.ConfigMaps.GetAsync(TestCluster.ControllerNamespace, "greeting-cache")).Data["again"]);
    }

    private static async Task<PrometheusScrape> ScrapeAsync(Memoize.Reconciler.Hosting.ReconcilerHost host)
    {
        using var http = new HttpClient { BaseAddress = host.MetricsAddress, Timeout = TestCluster.Deadline };
        return await PrometheusScrape.GetAsync(http);
    }
}
