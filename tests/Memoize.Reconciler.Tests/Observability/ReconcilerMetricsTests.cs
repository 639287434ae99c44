using System.Net;
using Memoize.Reconciler.Observability;
using Memoize.Testing.Metrics;

namespace Memoize.Reconciler.Tests.Observability;

public class ReconcilerMetricsTests
{
    [Fact]
    public async Task Every_reconciler_metric_is_served_with_its_name_type_and_value()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.Lookups.Increment();
        metrics.Hits.Increment(2);
        metrics.SetConfigMapBytes("argo", "my-cache", 1234);
        metrics.SetLeader(true);
        metrics.SetSizeBudget(921600);
        metrics.SetQueueDepthSource(() => 7);

        metrics.SetConfigMapBytes("argo", "other-cache", 99);

        var scrape = await ScrapeAsync(metrics);

        Assert.Equal(
            [
                "memoize_cache_configmap_bytes gauge",
                "memoize_cache_configmap_limit_bytes gauge",
                "memoize_cache_configmap_writes_total counter",
                "memoize_cache_conflicts_retried_total counter",
                "memoize_cache_entries_too_large_total counter",
                "memoize_cache_evictions_total counter",
                "memoize_cache_gc_deleted_configmaps_total counter",
                "memoize_cache_gc_deleted_entries_total counter",
                "memoize_cache_hits_total counter",
                "memoize_cache_invalid_nodes_total counter",
                "memoize_cache_lookup_reads_total counter",
                "memoize_cache_lookups_total counter",
                "memoize_cache_malformed_entries_total counter",
                "memoize_cache_misses_total counter",
                "memoize_cache_refused_total counter",
                "memoize_cache_size_budget_bytes gauge",
                "memoize_cache_stores_total counter",
                "memoize_cache_unresolved_nodes_total counter",
                "memoize_reconciler_leader gauge",
                "memoize_reconciler_offloaded_workflows_total counter",
                "memoize_reconciler_queue_depth gauge",
                "memoize_reconciler_reconcile_errors_total counter",
                "memoize_reconciler_workflow_conflicts_total counter",
                "memoize_reconciler_workflow_updates_total counter",
            ],
            scrape.Families);
        Assert.Equal(
            [
                "memoize_cache_configmap_bytes{name=\"my-cache\",namespace=\"argo\"} 1234",
                "memoize_cache_configmap_bytes{name=\"other-cache\",namespace=\"argo\"} 99",
                "memoize_cache_configmap_limit_bytes 1048576",
                "memoize_cache_configmap_writes_total 0",
                "memoize_cache_conflicts_retried_total 0",
                "memoize_cache_entries_too_large_total 0",
                "memoize_cache_evictions_total 0",
                "memoize_cache_gc_deleted_configmaps_total 0",
                "memoize_cache_gc_deleted_entries_total 0",
                "memoize_cache_hits_total 2",
                "memoize_cache_invalid_nodes_total 0",
                "memoize_cache_lookup_reads_total 0",
                "memoize_cache_lookups_total 1",
                "memoize_cache_malformed_entries_total 0",
                "memoize_cache_misses_total 0",
                "memoize_cache_refused_total 0",
                "memoize_cache_size_budget_bytes 921600",
                "memoize_cache_stores_total 0",
                "memoize_cache_unresolved_nodes_total 0",
                "memoize_reconciler_leader 1",
                "memoize_reconciler_offloaded_workflows_total 0",
                "memoize_reconciler_queue_depth 7",
                "memoize_reconciler_reconcile_errors_total 0",
                "memoize_reconciler_workflow_conflicts_total 0",
                "memoize_reconciler_workflow_updates_total 0",
            ],
            scrape.Lines("memoize_"));
    }

    [Fact]
    public async Task Two_reconcilers_in_one_process_never_share_counts()
    {
        using var first = new ReconcilerMetrics();
        using var second = new ReconcilerMetrics();
        first.Stores.Increment(3);
        first.SetLeader(true);

        Assert.Equal(3, first.Stores.Value);
        Assert.Equal(0, second.Stores.Value);
        var firstScrape = await ScrapeAsync(first);
        var secondScrape = await ScrapeAsync(second);
        Assert.Equal("3", firstScrape.Value("memoize_cache_stores_total"));
        Assert.Equal("0", secondScrape.Value("memoize_cache_stores_total"));
        Assert.Equal("0", secondScrape.Value("memoize_reconciler_leader"));
    }

    [Fact]
    public async Task A_deleted_configmap_leaves_the_size_gauge()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.SetConfigMapBytes("argo", "gone", 10);
        metrics.SetConfigMapBytes("argo", "kept", 20);
        await using var endpoint = await StartAsync(metrics);
        using var http = new HttpClient { BaseAddress = endpoint.Address, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(["memoize_cache_configmap_bytes{name=\"gone\",namespace=\"argo\"} 10", "memoize_cache_configmap_bytes{name=\"kept\",namespace=\"argo\"} 20"], (await PrometheusScrape.GetAsync(http)).Lines("memoize_cache_configmap_bytes"));

        metrics.RemoveConfigMap("argo", "gone");

        Assert.Equal(["memoize_cache_configmap_bytes{name=\"kept\",namespace=\"argo\"} 20"], (await PrometheusScrape.GetAsync(http)).Lines("memoize_cache_configmap_bytes"));
    }

    private static Task<MetricsEndpoint> StartAsync(ReconcilerMetrics metrics) =>
        MetricsEndpoint.StartAsync(new IPEndPoint(IPAddress.Loopback, 0), metrics, () => true, CancellationToken.None);

    private static async Task<PrometheusScrape> ScrapeAsync(ReconcilerMetrics metrics)
    {
        await using var endpoint = await StartAsync(metrics);
        using var http = new HttpClient { BaseAddress = endpoint.Address, Timeout = TimeSpan.FromSeconds(10) };
        return await PrometheusScrape.GetAsync(http);
    }
}
