using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Memoize.Reconciler.Observability;

/// <summary>
/// Every metric the reconciler exports: System.Diagnostics.Metrics instruments on a <see cref="Meter"/> this object owns
/// (so two reconcilers in one process never share counts), served by <see cref="MetricsEndpoint"/>.
/// </summary>
public sealed class ReconcilerMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Memoize.Reconciler";

    /// <summary>Kubernetes refuses a ConfigMap larger than this many bytes.</summary>
    public const long ConfigMapLimitBytes = 1048576;

    private readonly Meter _meter;
    private readonly ConcurrentDictionary<(string Namespace, string Name), long> _configMapBytes = new();
    private Func<int> _queueDepth = () => 0;
    private int _leader;
    private long _sizeBudgetBytes;

    /// <summary>Creates every instrument on a meter of its own.</summary>
    public ReconcilerMetrics()
    {
        // Every instrument is observable (read at each scrape), so an exporter that starts later still sees it all.
        _meter = new Meter(MeterName);
        Lookups = new MetricCounter(_meter, "memoize_cache_lookups_total", "Cache lookups performed for memoized nodes.");
        Hits = new MetricCounter(_meter, "memoize_cache_hits_total", "Lookups that found a valid entry and replayed its outputs.");
        Misses = new MetricCounter(_meter, "memoize_cache_misses_total", "Lookups that found no valid entry (absent, expired, empty or unusable).");
        LookupReads = new MetricCounter(_meter, "memoize_cache_lookup_reads_total", "Cache ConfigMap reads (GET) that confirmed an informer miss against the API server before a node was marked a miss.");
        Stores = new MetricCounter(_meter, "memoize_cache_stores_total", "Entries stored for succeeded nodes.");
        Evictions = new MetricCounter(_meter, "memoize_cache_evictions_total", "Entries evicted to keep a cache ConfigMap within its size budget.");
        ConflictsRetried = new MetricCounter(_meter, "memoize_cache_conflicts_retried_total", "Cache ConfigMap writes that conflicted and were re-read and re-applied.");
        MalformedEntries = new MetricCounter(_meter, "memoize_cache_malformed_entries_total", "Cache entries that could not be parsed (reported, never deleted).");
        InvalidNodes = new MetricCounter(_meter, "memoize_cache_invalid_nodes_total", "Memoized nodes left untouched because key, cache name or maxAge is invalid after substitution.");
        UnresolvedNodes = new MetricCounter(_meter, "memoize_cache_unresolved_nodes_total", "Memoized nodes left untouched because their template or a tag value could not be found.");
        Refused = new MetricCounter(_meter, "memoize_cache_refused_total", "Cache writes refused because the ConfigMap lacks the workflows.argoproj.io/configmap-type: Cache label.");
        EntriesTooLarge = new MetricCounter(_meter, "memoize_cache_entries_too_large_total", "Entries not stored because they alone exceed the size budget.");
        ConfigMapWrites = new MetricCounter(_meter, "memoize_cache_configmap_writes_total", "API write requests (create, update, delete) sent for cache ConfigMaps, including ones that conflicted.");
        GarbageCollectedEntries = new MetricCounter(_meter, "memoize_cache_gc_deleted_entries_total", "Entries deleted by garbage collection.");
        GarbageCollectedConfigMaps = new MetricCounter(_meter, "memoize_cache_gc_deleted_configmaps_total", "Empty cache ConfigMaps created by the reconciler and deleted by garbage collection.");
        OffloadedWorkflows = new MetricCounter(_meter, "memoize_reconciler_offloaded_workflows_total", "Workflows skipped because their node status is offloaded to a database.");
        WorkflowUpdates = new MetricCounter(_meter, "memoize_reconciler_workflow_updates_total", "Workflow updates written to record hits and misses.");
        WorkflowConflicts = new MetricCounter(_meter, "memoize_reconciler_workflow_conflicts_total", "Workflow updates that conflicted with another writer and were requeued.");
        ReconcileErrors = new MetricCounter(_meter, "memoize_reconciler_reconcile_errors_total", "Reconciles that failed and were requeued with backoff.");
        _meter.CreateObservableGauge(
            "memoize_cache_configmap_bytes",
            () => _configMapBytes.Select(p => new Measurement<long>(
                p.Value, new KeyValuePair<string, object?>("namespace", p.Key.Namespace), new KeyValuePair<string, object?>("name", p.Key.Name))),
            description: "Size of each cache ConfigMap as Kubernetes counts it (keys plus values of data and binaryData).");
        _meter.CreateObservableGauge("memoize_cache_configmap_limit_bytes", () => ConfigMapLimitBytes, description: "The Kubernetes limit on a ConfigMap's size.");
        _meter.CreateObservableGauge("memoize_cache_size_budget_bytes", () => Interlocked.Read(ref _sizeBudgetBytes), description: "The configured size budget per cache ConfigMap.");
        _meter.CreateObservableGauge("memoize_reconciler_queue_depth", () => _queueDepth(), description: "Workflow keys waiting in the work queue.");
        _meter.CreateObservableGauge("memoize_reconciler_leader", () => Volatile.Read(ref _leader), description: "1 while this replica holds the leader lease, else 0.");
    }

    /// <summary>Lookups performed for memoized nodes (hits plus misses).</summary>
    public MetricCounter Lookups { get; }

    /// <summary>Lookups that replayed a cached entry.</summary>
    public MetricCounter Hits { get; }

    /// <summary>Lookups that found no valid entry.</summary>
    public MetricCounter Misses { get; }

    /// <summary>Reads of a cache ConfigMap that confirmed a miss the informer's copy gave (one per cache per reconcile).</summary>
    public MetricCounter LookupReads { get; }

    /// <summary>Entries written for succeeded nodes.</summary>
    public MetricCounter Stores { get; }

    /// <summary>Entries evicted to keep a ConfigMap within its size budget.</summary>
    public MetricCounter Evictions { get; }

    /// <summary>ConfigMap writes that hit a 409 Conflict and were re-read and re-applied.</summary>
    public MetricCounter ConflictsRetried { get; }

    /// <summary>Entries that could not be parsed (reported, never deleted).</summary>
    public MetricCounter MalformedEntries { get; }

    /// <summary>Memoized nodes left untouched because their key, cache name or maxAge is invalid after substitution.</summary>
    public MetricCounter InvalidNodes { get; }

    /// <summary>Memoized nodes about which nothing could be decided (template not found, tags without a value).</summary>
    public MetricCounter UnresolvedNodes { get; }

    /// <summary>Writes refused because the ConfigMap exists without the Cache label.</summary>
    public MetricCounter Refused { get; }

    /// <summary>Entries refused because they alone exceed the size budget.</summary>
    public MetricCounter EntriesTooLarge { get; }

    /// <summary>API writes to cache ConfigMaps (create, update, delete).</summary>
    public MetricCounter ConfigMapWrites { get; }

    /// <summary>Entries deleted by garbage collection.</summary>
    public MetricCounter GarbageCollectedEntries { get; }

    /// <summary>Empty cache ConfigMaps (created by the reconciler) deleted by garbage collection.</summary>
    public MetricCounter GarbageCollectedConfigMaps { get; }

    /// <summary>Workflows skipped because their nodes are offloaded to a database.</summary>
    public MetricCounter OffloadedWorkflows { get; }

    /// <summary>Workflow updates written (hit or miss marks).</summary>
    public MetricCounter WorkflowUpdates { get; }

    /// <summary>Workflow updates that conflicted and were requeued.</summary>
    public MetricCounter WorkflowConflicts { get; }

    /// <summary>Reconciles that failed and were requeued with backoff.</summary>
    public MetricCounter ReconcileErrors { get; }

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

    /// <summary>True for this object's own instruments, not those of another reconciler's meter of the same name.</summary>
    public bool Owns(Instrument instrument) => ReferenceEquals(instrument?.Meter, _meter);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
