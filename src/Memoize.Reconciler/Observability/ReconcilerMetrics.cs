using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Memoize.Reconciler.Observability;

/// <summary>Every metric the reconciler exports, and their Prometheus text exposition.</summary>
public sealed class ReconcilerMetrics
{
    /// <summary>Kubernetes refuses a ConfigMap larger than this many bytes.</summary>
    public const long ConfigMapLimitBytes = 1048576;

    private readonly ConcurrentDictionary<(string Namespace, string Name), long> _configMapBytes = new();
    private Func<int> _queueDepth = () => 0;
    private int _leader;
    private long _sizeBudgetBytes;

    /// <summary>Lookups performed for memoized nodes (hits plus misses).</summary>
    public MetricCounter Lookups { get; } = new("memoize_cache_lookups_total", "Cache lookups performed for memoized nodes.");

    /// <summary>Lookups that replayed a cached entry.</summary>
    public MetricCounter Hits { get; } = new("memoize_cache_hits_total", "Lookups that found a valid entry and replayed its outputs.");

    /// <summary>Lookups that found no valid entry.</summary>
    public MetricCounter Misses { get; } = new("memoize_cache_misses_total", "Lookups that found no valid entry (absent, expired, empty or unusable).");

    /// <summary>Entries written for succeeded nodes.</summary>
    public MetricCounter Stores { get; } = new("memoize_cache_stores_total", "Entries stored for succeeded nodes.");

    /// <summary>Entries evicted to keep a ConfigMap within its size budget.</summary>
    public MetricCounter Evictions { get; } = new("memoize_cache_evictions_total", "Entries evicted to keep a cache ConfigMap within its size budget.");

    /// <summary>ConfigMap writes that hit a 409 Conflict and were re-read and re-applied.</summary>
    public MetricCounter ConflictsRetried { get; } = new("memoize_cache_conflicts_retried_total", "Cache ConfigMap writes that conflicted and were re-read and re-applied.");

    /// <summary>Entries that could not be parsed (reported, never deleted).</summary>
    public MetricCounter MalformedEntries { get; } = new("memoize_cache_malformed_entries_total", "Cache entries that could not be parsed (reported, never deleted).");

    /// <summary>Memoized nodes left untouched because their key, cache name or maxAge is invalid after substitution.</summary>
    public MetricCounter InvalidNodes { get; } = new("memoize_cache_invalid_nodes_total", "Memoized nodes left untouched because key, cache name or maxAge is invalid after substitution.");

    /// <summary>Memoized nodes about which nothing could be decided (template not found, tags without a value).</summary>
    public MetricCounter UnresolvedNodes { get; } = new("memoize_cache_unresolved_nodes_total", "Memoized nodes left untouched because their template or a tag value could not be found.");

    /// <summary>Writes refused because the ConfigMap exists without the Cache label.</summary>
    public MetricCounter Refused { get; } = new("memoize_cache_refused_total", "Cache writes refused because the ConfigMap lacks the workflows.argoproj.io/configmap-type: Cache label.");

    /// <summary>Entries refused because they alone exceed the size budget.</summary>
    public MetricCounter EntriesTooLarge { get; } = new("memoize_cache_entries_too_large_total", "Entries not stored because they alone exceed the size budget.");

    /// <summary>API writes to cache ConfigMaps (create, update, delete).</summary>
    public MetricCounter ConfigMapWrites { get; } = new("memoize_cache_configmap_writes_total", "API write requests (create, update, delete) sent for cache ConfigMaps, including ones that conflicted.");

    /// <summary>Entries deleted by garbage collection.</summary>
    public MetricCounter GarbageCollectedEntries { get; } = new("memoize_cache_gc_deleted_entries_total", "Entries deleted by garbage collection.");

    /// <summary>Empty cache ConfigMaps (created by the reconciler) deleted by garbage collection.</summary>
    public MetricCounter GarbageCollectedConfigMaps { get; } = new("memoize_cache_gc_deleted_configmaps_total", "Empty cache ConfigMaps created by the reconciler and deleted by garbage collection.");

    /// <summary>Workflows skipped because their nodes are offloaded to a database.</summary>
    public MetricCounter OffloadedWorkflows { get; } = new("memoize_reconciler_offloaded_workflows_total", "Workflows skipped because their node status is offloaded to a database.");

    /// <summary>Workflow updates written (hit or miss marks).</summary>
    public MetricCounter WorkflowUpdates { get; } = new("memoize_reconciler_workflow_updates_total", "Workflow updates written to record hits and misses.");

    /// <summary>Workflow updates that conflicted and were requeued.</summary>
    public MetricCounter WorkflowConflicts { get; } = new("memoize_reconciler_workflow_conflicts_total", "Workflow updates that conflicted with another writer and were requeued.");

    /// <summary>Reconciles that failed and were requeued with backoff.</summary>
    public MetricCounter ReconcileErrors { get; } = new("memoize_reconciler_reconcile_errors_total", "Reconciles that failed and were requeued with backoff.");

    /// <summary>Every counter, in exposition order.</summary>
    public IReadOnlyList<MetricCounter> Counters => [Lookups, Hits, Misses, Stores, Evictions, ConflictsRetried, MalformedEntries, InvalidNodes, UnresolvedNodes,
        Refused, EntriesTooLarge, ConfigMapWrites, GarbageCollectedEntries, GarbageCollectedConfigMaps, OffloadedWorkflows,
        WorkflowUpdates, WorkflowConflicts, ReconcileErrors];

    /// <summary>True while this replica holds the lease.</summary>
    public bool IsLeader => Volatile.Read(ref _leader) == 1;

    /// <summary>Records the size of a cache ConfigMap as Kubernetes counts it.</summary>
    public void SetConfigMapBytes(string @namespace, string name, long bytes) => _configMapBytes[(@namespace, name)] = bytes;

    /// <summary>Forgets a cache ConfigMap that was deleted.</summary>
    public void RemoveConfigMap(string @namespace, string name) => _configMapBytes.TryRemove((@namespace, name), out _);

    /// <summary>The recorded size of a cache ConfigMap, or null when unknown.</summary>
    public long? ConfigMapBytes(string @namespace, string name) => _configMapBytes.TryGetValue((@namespace, name), out var bytes) ? bytes : null;

    /// <summary>Sets whether this replica is the leader.</summary>
    public void SetLeader(bool leader) => Volatile.Write(ref _leader, leader ? 1 : 0);

    /// <summary>Sets the configured size budget per ConfigMap.</summary>
    public void SetSizeBudget(long bytes) => Interlocked.Exchange(ref _sizeBudgetBytes, bytes);

    /// <summary>Sets where the queue depth is read from when metrics are scraped.</summary>
    public void SetQueueDepthSource(Func<int> queueDepth) => _queueDepth = queueDepth;

    /// <summary>The Prometheus text exposition (format 0.0.4) of every metric.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        foreach (var counter in Counters)
        {
            WriteHeader(text, counter.Name, counter.Help, "counter");
            text.Append(counter.Name).Append(' ').Append(counter.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        WriteHeader(text, "memoize_cache_configmap_bytes", "Size of each cache ConfigMap as Kubernetes counts it (keys plus values of data and binaryData).", "gauge");
        foreach (var ((ns, name), bytes) in _configMapBytes.OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal))
        {
            text.Append("memoize_cache_configmap_bytes{namespace=\"").Append(EscapeLabel(ns)).Append("\",name=\"").Append(EscapeLabel(name))
                .Append("\"} ").Append(bytes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        WriteGauge(text, "memoize_cache_configmap_limit_bytes", "The Kubernetes limit on a ConfigMap's size.", ConfigMapLimitBytes);
        WriteGauge(text, "memoize_cache_size_budget_bytes", "The configured size budget per cache ConfigMap.", Interlocked.Read(ref _sizeBudgetBytes));
        WriteGauge(text, "memoize_reconciler_queue_depth", "Workflow keys waiting in the work queue.", _queueDepth());
        WriteGauge(text, "memoize_reconciler_leader", "1 while this replica holds the leader lease, else 0.", Volatile.Read(ref _leader));
        return text.ToString();
    }

    private static void WriteGauge(StringBuilder text, string name, string help, long value)
    {
        WriteHeader(text, name, help, "gauge");
        text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }

    private static void WriteHeader(StringBuilder text, string name, string help, string type)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    // Prometheus label values escape backslash, double quote and newline.
    private static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
