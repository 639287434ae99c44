using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Core.Durations;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Cache;
using Memoize.Reconciler.Controllers;
using Memoize.Reconciler.Hosting;
using Memoize.Reconciler.Observability;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.GarbageCollection;

/// <summary>
/// Periodic garbage collection of cache ConfigMaps (leader only): deletes entries not hit for the configured age and
/// entries older than every maxAge that could hit them, through the coalescing store so a concurrent store is never
/// lost; keeps and reports malformed entries; deletes a ConfigMap that became empty only if this reconciler created it.
/// </summary>
public sealed partial class CacheGarbageCollection
{
    private readonly WatchedResources _resources;
    private readonly ConfigMapCacheStore _store;
    private readonly ReconcilerOptions _options;
    private readonly TimeProvider _time;
    private readonly ReconcilerMetrics _metrics;
    private readonly EventReporter _events;
    private readonly ILogger _logger;

    /// <summary>Creates the collector.</summary>
    public CacheGarbageCollection(
        WatchedResources resources,
        ConfigMapCacheStore store,
        ReconcilerOptions options,
        TimeProvider time,
        ReconcilerMetrics metrics,
        EventReporter events,
        ILogger logger)
    {
        _resources = resources;
        _store = store;
        _options = options;
        _time = time;
        _metrics = metrics;
        _events = events;
        _logger = logger;
    }

    /// <summary>The retention per cache computed by the last pass (or <see cref="RefreshRetention"/>).</summary>
    public CacheRetention Retention { get; private set; } = CacheRetention.Unknown;

    /// <summary>Recomputes <see cref="Retention"/> from the watched objects.</summary>
    public CacheRetention RefreshRetention() =>
        Retention = CacheRetention.Compute(_resources.MemoizeCarriers(), _options.CacheNamespaceMode, _options.ControllerNamespace, _options.Namespaces.Count == 0);

    /// <summary>Collects once per period until cancelled (leadership lost or shutdown); a failed pass is logged and the next one runs.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.GarbageCollectionPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await CollectOnceAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPassFailed(ex, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // leadership ended
        }
    }

    /// <summary>One pass over every cache ConfigMap the informers hold.</summary>
    public async Task<GarbageCollectionReport> CollectOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var retention = RefreshRetention();
        GoDuration? notHitFor = _options.GarbageCollectionNotHitFor > TimeSpan.Zero
            ? new GoDuration(_options.GarbageCollectionNotHitFor.Ticks * 100)
            : null;
        int scanned = 0, deleted = 0, configMapsDeleted = 0, malformed = 0;
        foreach (var configMap in _resources.AllCacheConfigMaps().ToList())
        {
            scanned++;
            var (ns, name) = (configMap.Namespace(), configMap.Name());
            var data = configMap.Data ?? new Dictionary<string, string>();
            var plan = CacheGarbageCollector.Plan(data.ToDictionary(StringComparer.Ordinal), now, notHitFor, retention.For(ns, name),
                hasBinaryData: configMap.BinaryData is { Count: > 0 });

            foreach (var key in plan.MalformedKeys)
            {
                malformed++;
                await _store.ReportMalformedAsync(ConfigMapClient.ReferenceTo(configMap), key, data[key], cancellationToken).ConfigureAwait(false);
            }

            var removals = plan.Operations.Select(op => _store.SubmitAsync(ns, name, op, cancellationToken)).ToList();
            var results = await Task.WhenAll(removals).ConfigureAwait(false);
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].Kind == CacheWriteOutcomeKind.Removed)
                {
                    deleted++;
                    _metrics.GarbageCollectedEntries.Increment();
                    LogEntryDeleted(ns, name, plan.Garbage[i].Message);
                }
            }

            if (plan.BecomesEmpty && await _store.DeleteIfEmptyAsync(ns, name, cancellationToken).ConfigureAwait(false))
            {
                configMapsDeleted++;
            }
        }
        var report = new GarbageCollectionReport(scanned, deleted, configMapsDeleted, malformed);
        LogPass(report.ConfigMapsScanned, report.EntriesDeleted, report.ConfigMapsDeleted, report.MalformedEntries);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "cache ConfigMap {Namespace}/{Name}: {Message}")]
    private partial void LogEntryDeleted(string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "garbage collection: {Scanned} cache ConfigMaps scanned, {Deleted} entries deleted, {ConfigMapsDeleted} empty ConfigMaps deleted, {Malformed} malformed entries kept")]
    private partial void LogPass(int scanned, int deleted, int configMapsDeleted, int malformed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "garbage collection pass failed, the next one runs on schedule: {Error}")]
    private partial void LogPassFailed(Exception exception, string error);
}
