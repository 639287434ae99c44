using Memoize.Reconciler.Observability;

namespace Memoize.Reconciler.Tests.Observability;

public class ReconcilerMetricsTests
{
    [Fact]
    public void Exposition_has_every_named_metric_with_help_and_type_sorted_by_name()
    {
        using var metrics = new ReconcilerMetrics();
        metrics.Lookups.Increment();
        metrics.Hits.Increment(2);
        metrics.SetConfigMapBytes("argo", "my-cache", 1234);
        metrics.SetLeader(true);
        metrics.SetSizeBudget(921600);
        metrics.SetQueueDepthSource(() => 7);

        metrics.SetConfigMapBytes("argo", "other-cache", 99);

        Assert.Equal(
            """
            # HELP memoize_cache_configmap_bytes Size of each cache ConfigMap as Kubernetes counts it (keys plus values of data and binaryData).
            # TYPE memoize_cache_configmap_bytes gauge
            memoize_cache_configmap_bytes{name="my-cache",namespace="argo"} 1234
            memoize_cache_configmap_bytes{name="other-cache",namespace="argo"} 99
            # HELP memoize_cache_configmap_limit_bytes The Kubernetes limit on a ConfigMap's size.
            # TYPE memoize_cache_configmap_limit_bytes gauge
            memoize_cache_configmap_limit_bytes 1048576
            # HELP memoize_cache_configmap_writes_total API write requests (create, update, delete) sent for cache ConfigMaps, including ones that conflicted.
            # TYPE memoize_cache_configmap_writes_total counter
            memoize_cache_configmap_writes_total 0
            # HELP memoize_cache_conflicts_retried_total Cache ConfigMap writes that conflicted and were re-read and re-applied.
            # TYPE memoize_cache_conflicts_retried_total counter
            memoize_cache_conflicts_retried_total 0
            # HELP memoize_cache_entries_too_large_total Entries not stored because they alone exceed the size budget.
            # TYPE memoize_cache_entries_too_large_total counter
            memoize_cache_entries_too_large_total 0
            # HELP memoize_cache_evictions_total Entries evicted to keep a cache ConfigMap within its size budget.
            # TYPE memoize_cache_evictions_total counter
            memoize_cache_evictions_total 0
            # HELP memoize_cache_gc_deleted_configmaps_total Empty cache ConfigMaps created by the reconciler and deleted by garbage collection.
            # TYPE memoize_cache_gc_deleted_configmaps_total counter
            memoize_cache_gc_deleted_configmaps_total 0
            # HELP memoize_cache_gc_deleted_entries_total Entries deleted by garbage collection.
            # TYPE memoize_cache_gc_deleted_entries_total counter
            memoize_cache_gc_deleted_entries_total 0
            # HELP memoize_cache_hits_total Lookups that found a valid entry and replayed its outputs.
            # TYPE memoize_cache_hits_total counter
            memoize_cache_hits_total 2
            # HELP memoize_cache_invalid_nodes_total Memoized nodes left untouched because key, cache name or maxAge is invalid after substitution.
            # TYPE memoize_cache_invalid_nodes_total counter
            memoize_cache_invalid_nodes_total 0
            # HELP memoize_cache_lookups_total Cache lookups performed for memoized nodes.
            # TYPE memoize_cache_lookups_total counter
            memoize_cache_lookups_total 1
            # HELP memoize_cache_malformed_entries_total Cache entries that could not be parsed (reported, never deleted).
            # TYPE memoize_cache_malformed_entries_total counter
            memoize_cache_malformed_entries_total 0
            # HELP memoize_cache_misses_total Lookups that found no valid entry (absent, expired, empty or unusable).
            # TYPE memoize_cache_misses_total counter
            memoize_cache_misses_total 0
            # HELP memoize_cache_refused_total Cache writes refused because the ConfigMap lacks the workflows.argoproj.io/configmap-type: Cache label.
            # TYPE memoize_cache_refused_total counter
            memoize_cache_refused_total 0
            # HELP memoize_cache_size_budget_bytes The configured size budget per cache ConfigMap.
            # TYPE memoize_cache_size_budget_bytes gauge
            memoize_cache_size_budget_bytes 921600
            # HELP memoize_cache_stores_total Entries stored for succeeded nodes.
            # TYPE memoize_cache_stores_total counter
            memoize_cache_stores_total 0
            # HELP memoize_cache_unresolved_nodes_total Memoized nodes left untouched because their template or a tag value could not be found.
            # TYPE memoize_cache_unresolved_nodes_total counter
            memoize_cache_unresolved_nodes_total 0
            # HELP memoize_reconciler_leader 1 while this replica holds the leader lease, else 0.
            # TYPE memoize_reconciler_leader gauge
            memoize_reconciler_leader 1
            # HELP memoize_reconciler_offloaded_workflows_total Workflows skipped because their node status is offloaded to a database.
            # TYPE memoize_reconciler_offloaded_workflows_total counter
            memoize_reconciler_offloaded_workflows_total 0
            # HELP memoize_reconciler_queue_depth Workflow keys waiting in the work queue.
            # TYPE memoize_reconciler_queue_depth gauge
            memoize_reconciler_queue_depth 7
            # HELP memoize_reconciler_reconcile_errors_total Reconciles that failed and were requeued with backoff.
            # TYPE memoize_reconciler_reconcile_errors_total counter
            memoize_reconciler_reconcile_errors_total 0
            # HELP memoize_reconciler_workflow_conflicts_total Workflow updates that conflicted with another writer and were requeued.
            # TYPE memoize_reconciler_workflow_conflicts_total counter
            memoize_reconciler_workflow_conflicts_total 0
            # HELP memoize_reconciler_workflow_updates_total Workflow updates written to record hits and misses.
            # TYPE memoize_reconciler_workflow_updates_total counter
            memoize_reconciler_workflow_updates_total 0

            """.ReplaceLineEndings("\n"),
            metrics.ToPrometheusText());
    }

    [Fact]
    public void Two_reconcilers_in_one_process_never_share_counts()
    {
        using var first = new ReconcilerMetrics();
        using var second = new ReconcilerMetrics();
        first.Stores.Increment(3);
        first.SetLeader(true);

        Assert.Equal(3, first.Stores.Value);
        Assert.Equal(0, second.Stores.Value);
        Assert.Contains("\nmemoize_cache_stores_total 3\n", first.ToPrometheusText(), StringComparison.Ordinal);
        Assert.Contains("\nmemoize_cache_stores_total 0\n", second.ToPrometheusText(), StringComparison.Ordinal);
        Assert.Contains("\nmemoize_reconciler_leader 0\n", second.ToPrometheusText(), StringComparison.Ordinal);
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
