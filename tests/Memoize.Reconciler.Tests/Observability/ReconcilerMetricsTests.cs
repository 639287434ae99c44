using Memoize.Reconciler.Observability;

namespace Memoize.Reconciler.Tests.Observability;

public class ReconcilerMetricsTests
{
    [Fact]
    public void Exposition_has_every_named_metric_with_help_and_type()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.Lookups.Increment();
        metrics.Hits.Increment(2);
        metrics.SetConfigMapBytes("argo", "my-cache", 1234);
        metrics.SetLeader(true);
        metrics.SetSizeBudget(921600);
        metrics.SetQueueDepthSource(() => 7);

        var text = metrics.ToPrometheusText();

        Assert.Contains("# HELP memoize_cache_lookups_total Cache lookups performed for memoized nodes.\n# TYPE memoize_cache_lookups_total counter\nmemoize_cache_lookups_total 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\nmemoize_cache_hits_total 2\n", text, StringComparison.Ordinal);
        foreach (var name in new[] { "memoize_cache_misses_total", "memoize_cache_stores_total", "memoize_cache_evictions_total",
            "memoize_cache_conflicts_retried_total", "memoize_cache_malformed_entries_total", "memoize_cache_invalid_nodes_total" })
        {
            Assert.Contains($"\n{name} 0\n", text, StringComparison.Ordinal);
        }
        Assert.Contains("# TYPE memoize_cache_configmap_bytes gauge\nmemoize_cache_configmap_bytes{name=\"my-cache\",namespace=\"argo\"} 1234\n", text, StringComparison.Ordinal);
        Assert.Contains("\nmemoize_cache_configmap_limit_bytes 1048576\n", text, StringComparison.Ordinal);
        Assert.Contains("\nmemoize_cache_size_budget_bytes 921600\n", text, StringComparison.Ordinal);
        Assert.Contains("\nmemoize_reconciler_queue_depth 7\n", text, StringComparison.Ordinal);
        Assert.Contains("\nmemoize_reconciler_leader 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_configmap_leaves_the_size_gauge()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.SetConfigMapBytes("argo", "gone", 10);
        metrics.RemoveConfigMap("argo", "gone");

        Assert.DoesNotContain("name=\"gone\"", metrics.ToPrometheusText(), StringComparison.Ordinal);
    }
}
