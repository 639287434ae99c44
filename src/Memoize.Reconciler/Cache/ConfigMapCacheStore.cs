using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Core.Durations;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Observability;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Cache;

/// <summary>
/// The coalescing writer of cache ConfigMaps. Operations submitted for one ConfigMap wait in a batch while a write
/// to it is in flight; one writer per ConfigMap then applies the whole batch with one <see cref="CacheWritePlan"/>
/// and one API write. A 409 Conflict re-reads the ConfigMap and re-applies the same batch, so no entry is lost.
/// A missing ConfigMap is created with the Cache label in the same request; an existing one without the label is
/// never written (each operation is refused with Argo's exact text).
/// </summary>
public sealed partial class ConfigMapCacheStore
{
    /// <summary>The annotation set on ConfigMaps this reconciler created; garbage collection deletes only those when empty.</summary>
    public const string CreatedByAnnotation = "memoize.argoproj.io/created-by";

    /// <summary>The value of <see cref="CreatedByAnnotation"/>.</summary>
    public const string CreatedByValue = "memoize-reconciler";

    private const int MaxAttempts = 10;
    private const int MaxTooLongRetries = 3;

    private readonly ConfigMapClient _client;
    private readonly Func<string, string, V1ConfigMap?> _informerCopy;
    private readonly CacheBudget _budget;
    private readonly TimeProvider _time;
    private readonly ReconcilerMetrics _metrics;
    private readonly EventReporter _events;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Namespace, string Name), Writer> _writers = new();
    private readonly ConcurrentDictionary<(string Namespace, string Name, string Key), GoDuration?> _maxAges = new();

    /// <summary>
    /// Creates the store. <paramref name="informerCopy"/> returns the informer's copy of a cache ConfigMap (or null);
    /// it is read instead of a GET when the writer has not written that ConfigMap yet.
    /// </summary>
    public ConfigMapCacheStore(
        ConfigMapClient client,
        Func<string, string, V1ConfigMap?> informerCopy,
        CacheBudget budget,
        TimeProvider time,
        ReconcilerMetrics metrics,
        EventReporter events,
        ILogger logger)
    {
        _client = client;
        _informerCopy = informerCopy;
        _budget = budget;
        _time = time;
        _metrics = metrics;
        _events = events;
        _logger = logger;
    }

    /// <summary>Cache-wide maxAge (the largest of every template naming the cache), used to evict expired entries first; null when unknown.</summary>
    public Func<string, string, GoDuration?> CacheMaxAge { get; set; } = (_, _) => null;

    /// <summary>Stores an entry unless the key already holds a valid one (first writer wins).</summary>
    public Task<CacheStoreResult> StoreAsync(string @namespace, string name, StoreOperation store, CancellationToken cancellationToken)
    {
        _maxAges[(@namespace, name, store.Key)] = store.MaxAge;
        return SubmitAsync(@namespace, name, store, cancellationToken);
    }

    /// <summary>Submits one operation for the ConfigMap and waits until the write that carries it is done.</summary>
    public Task<CacheStoreResult> SubmitAsync(string @namespace, string name, CacheOperation operation, CancellationToken cancellationToken)
    {
        var pending = new Pending(operation, DeleteIfEmpty: false);
        Enqueue(@namespace, name, pending);
        return pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The number of cache ConfigMaps this store keeps a writer (and its last written copy) for.</summary>
    public int TrackedConfigMaps => _writers.Count;

    /// <summary>
    /// Forgets a cache ConfigMap that was deleted: its idle writer with the last copy written, and the maxAges of its
    /// keys. Without this every cache ConfigMap ever written would stay in memory (names templated per workflow,
    /// caches deleted by hand or by garbage collection). A writer with work in flight is kept; it finishes first.
    /// </summary>
    public void Forget(string @namespace, string name)
    {
        if (_writers.TryGetValue((@namespace, name), out var writer) && writer.TryRetire())
        {
            _writers.TryRemove(new KeyValuePair<(string, string), Writer>((@namespace, name), writer));
        }
        foreach (var key in _maxAges.Keys.Where(k => k.Namespace == @namespace && k.Name == name))
        {
            _maxAges.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Deletes the ConfigMap if it is empty, carries the Cache label and was created by this reconciler; true when deleted.
    /// Serialized with the writes to it, and conditional on its resourceVersion, so a concurrent store is never lost.
    /// </summary>
    public async Task<bool> DeleteIfEmptyAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        var pending = new Pending(null, DeleteIfEmpty: true);
        Enqueue(@namespace, name, pending);
        var result = await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Kind == CacheWriteOutcomeKind.Removed;
    }

    // A writer retired by Forget takes nothing more: the next one for the name starts afresh.
    private void Enqueue(string @namespace, string name, Pending pending)
    {
        while (true)
        {
            var writer = _writers.GetOrAdd((@namespace, name), key => new Writer(this, key.Namespace, key.Name));
            if (writer.TryEnqueue(pending))
            {
                return;
            }
            _writers.TryRemove(new KeyValuePair<(string, string), Writer>((@namespace, name), writer));
        }
    }

    private async Task WriteBatchAsync(Writer writer, IReadOnlyList<Pending> batch)
    {
        var operations = batch.Where(p => p.Operation is not null).Select(p => p.Operation!).ToList();
        var (ns, name) = (writer.Namespace, writer.Name);
        var budget = _budget;
        var tooLongRetries = 0;
        // Never changed in place (an update sends a new object), so the informer's copy is read as it is.
        var current = writer.LastKnown ?? _informerCopy(ns, name);
        var fresh = false;
        if (current is null)
        {
            current = await _client.TryGetAsync(ns, name).ConfigureAwait(false);
            fresh = true;
        }

        for (var attempt = 1; ; attempt++)
        {
            if (attempt > MaxAttempts)
            {
                throw new InvalidOperationException($"could not write cache ConfigMap {ns}/{name} after {MaxAttempts} attempts: it kept changing or being rejected");
            }

            if (current is not null)
            {
                var label = CacheLabel.Check(current.Metadata?.Labels?.ToDictionary());
                if (!label.IsCache)
                {
                    if (!fresh)
                    {
                        // The copy may be stale (someone may have labelled it since): decide on a fresh read.
                        current = await _client.TryGetAsync(ns, name).ConfigureAwait(false);
                        fresh = true;
                        continue;
                    }
                    Refuse(current, label.Message!, batch);
                    writer.LastKnown = null;
                    return;
                }
            }

            var data = current is null ? null : (current.Data ?? new Dictionary<string, string>()).ToDictionary(StringComparer.Ordinal);
            var result = CacheWritePlan.Compute(data, operations, _time.GetUtcNow(), budget, key => MaxAgeOf(ns, name, key), BinaryDataBytes(current));
            try
            {
                V1ConfigMap? written = null;
                if (result.Changed)
                {
                    _metrics.ConfigMapWrites.Increment(); // every write request, including ones that conflict
                    written = current is null
                        ? await CreateAsync(ns, name, result.Data).ConfigureAwait(false)
                        : await UpdateAsync(current, result.Data).ConfigureAwait(false);
                    // What this writer wrote last, without managedFields like the informer's copies.
                    writer.LastKnown = ManagedFields.StripFrom(written);
                }

                var deleted = false;
                if (batch.Any(p => p.DeleteIfEmpty))
                {
                    deleted = await DeleteIfEmptyAsync(written ?? current, result).ConfigureAwait(false);
                    if (deleted)
                    {
                        writer.LastKnown = null;
                    }
                }

                await CompleteAsync(ns, name, written ?? current, batch, result, deleted).ConfigureAwait(false);
                return;
            }
            catch (ConflictException)
            {
                _metrics.ConflictsRetried.Increment();
                LogConflict(ns, name, batch.Count);
            }
            catch (AlreadyExistsException)
            {
                _metrics.ConflictsRetried.Increment();
            }
            catch (NotFoundException)
            {
                // Deleted since it was read: the next attempt creates it.
            }
            catch (InvalidException ex) when (ex.IsTooLong && tooLongRetries < MaxTooLongRetries)
            {
                // The API server counted more than the budget planner did: plan again with less room.
                tooLongRetries++;
                budget = new CacheBudget(Math.Max(1, Math.Min(budget.Bytes, result.SizeBytes) * 9 / 10));
                LogTooLong(ns, name, budget.Bytes);
            }

            writer.LastKnown = null;
            current = await _client.TryGetAsync(ns, name).ConfigureAwait(false);
            fresh = true;
        }
    }

    private async Task<V1ConfigMap> CreateAsync(string ns, string name, IReadOnlyDictionary<string, string> data)
    {
        var configMap = ConfigMapClient.New(ns, name);
        configMap.SetLabel(CacheLabel.Key, CacheLabel.CacheValue);
        configMap.SetAnnotation(CreatedByAnnotation, CreatedByValue);
        configMap.Data = new Dictionary<string, string>(data, StringComparer.Ordinal);
        return await _client.CreateAsync(configMap).ConfigureAwait(false);
    }

    private async Task<V1ConfigMap> UpdateAsync(V1ConfigMap current, IReadOnlyDictionary<string, string> data)
    {
        // A new object with the new data: the one read may be the informer's, which must not change.
        var next = new V1ConfigMap
        {
            ApiVersion = V1ConfigMap.KubeApiVersion,
            Kind = V1ConfigMap.KubeKind,
            Metadata = current.Metadata,
            Data = new Dictionary<string, string>(data, StringComparer.Ordinal),
            BinaryData = current.BinaryData,
            Immutable = current.Immutable,
        };
        return await _client.UpdateAsync(next).ConfigureAwait(false);
    }

    private async Task<bool> DeleteIfEmptyAsync(V1ConfigMap? configMap, CacheWriteResult result)
    {
        if (configMap is null || result.Data.Count > 0 || BinaryDataBytes(configMap) > 0 || configMap.GetAnnotation(CreatedByAnnotation) != CreatedByValue)
        {
            return false;
        }
        _metrics.ConfigMapWrites.Increment();
        await _client.DeleteAsync(configMap.Namespace(), configMap.Name(), configMap.ResourceVersion()).ConfigureAwait(false);
        _metrics.GarbageCollectedConfigMaps.Increment();
        _metrics.RemoveConfigMap(configMap.Namespace(), configMap.Name());
        LogDeleted(configMap.Namespace(), configMap.Name());
        return true;
    }

    private void Refuse(V1ConfigMap configMap, string message, IReadOnlyList<Pending> batch)
    {
        var writes = batch.Count(p => p.Operation is StoreOperation or TouchLastHitOperation);
        _metrics.Refused.Increment(writes);
        LogRefused(configMap.Namespace(), configMap.Name(), message);
        foreach (var pending in batch)
        {
            pending.Result.TrySetResult(pending.Operation is null
                ? new CacheStoreResult(CacheWriteOutcomeKind.Skipped, message, ConfigMapRefused: true)
                : new CacheStoreResult(CacheWriteOutcomeKind.Refused, message, ConfigMapRefused: true));
        }
    }

    private async Task CompleteAsync(string ns, string name, V1ConfigMap? configMap, IReadOnlyList<Pending> batch, CacheWriteResult result, bool deleted)
    {
        if (!deleted)
        {
            _metrics.SetConfigMapBytes(ns, name, result.SizeBytes);
        }

        // Metrics and Events first, so a caller that sees its result also sees what the write did.
        var reference = configMap is null ? null : ConfigMapClient.ReferenceTo(configMap);
        foreach (var eviction in result.OfKind(CacheWriteOutcomeKind.Evicted))
        {
            _metrics.Evictions.Increment();
            _maxAges.TryRemove((ns, name, eviction.Key), out _);
            LogEvicted(ns, name); // the Event says which key and why; logs carry no keys
            if (reference is not null)
            {
                await _events.WarnAsync(reference, "MemoizeEntryEvicted", "Evict", eviction.Message, CancellationToken.None).ConfigureAwait(false);
            }
        }

        foreach (var key in result.MalformedKeys)
        {
            if (reference is not null)
            {
                await ReportMalformedAsync(reference, key, result.Data[key], CancellationToken.None).ConfigureAwait(false);
            }
        }

        var operationIndex = 0;
        var results = new List<(Pending Pending, CacheStoreResult Result)>();
        foreach (var pending in batch)
        {
            if (pending.Operation is null)
            {
                results.Add((pending, deleted
                    ? new CacheStoreResult(CacheWriteOutcomeKind.Removed, $"deleted the empty cache ConfigMap {ns}/{name}")
                    : new CacheStoreResult(CacheWriteOutcomeKind.Skipped, $"kept the cache ConfigMap {ns}/{name}")));
                continue;
            }
            var outcome = result.Outcomes[operationIndex++];
            if (outcome.Kind == CacheWriteOutcomeKind.Stored)
            {
                _metrics.Stores.Increment();
            }
            else if (outcome.Kind == CacheWriteOutcomeKind.Removed)
            {
                _maxAges.TryRemove((ns, name, outcome.Key), out _);
            }
            else if (outcome.Kind == CacheWriteOutcomeKind.Refused)
            {
                _metrics.EntriesTooLarge.Increment();
            }
            results.Add((pending, new CacheStoreResult(outcome.Kind, outcome.Message)));
        }
        foreach (var (pending, storeResult) in results)
        {
            pending.Result.TrySetResult(storeResult);
        }
    }

    /// <summary>
    /// Reports a malformed entry of a cache ConfigMap once (Event on the ConfigMap, metric): it is kept as it is,
    /// never deleted silently, for a person to fix.
    /// </summary>
    public async Task ReportMalformedAsync(V1ObjectReference configMap, string key, string value, CancellationToken cancellationToken)
    {
        var note = $"cache entry \"{key}\" in ConfigMap {configMap.NamespaceProperty}/{configMap.Name} cannot be read and is kept as it is; fix or delete it: " +
            CacheEntryCodec.Read(value).Error;
        await _events.WarnAsync(configMap, "MemoizeMalformedEntry", "Read", note, cancellationToken, _metrics.MalformedEntries).ConfigureAwait(false);
    }

    private GoDuration? MaxAgeOf(string ns, string name, string key) =>
        _maxAges.TryGetValue((ns, name, key), out var maxAge) && maxAge is not null ? maxAge : CacheMaxAge(ns, name);

    private static long BinaryDataBytes(V1ConfigMap? configMap) => configMap?.BinaryData?.Sum(pair => (long)(pair.Value?.Length ?? 0)) ?? 0;

    [LoggerMessage(Level = LogLevel.Information, Message = "cache ConfigMap {Namespace}/{Name} changed while writing a batch of {Count}: re-read and re-applied")]
    private partial void LogConflict(string @namespace, string name, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cache ConfigMap {Namespace}/{Name} was too long for the API server: planning again with a budget of {Budget} bytes")]
    private partial void LogTooLong(string @namespace, string name, long budget);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cache ConfigMap {Namespace}/{Name} is not written: {Message}")]
    private partial void LogRefused(string @namespace, string name, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "cache ConfigMap {Namespace}/{Name}: evicted an entry to stay within the size budget (Event MemoizeEntryEvicted)")]
    private partial void LogEvicted(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "deleted the empty cache ConfigMap {Namespace}/{Name} (created by this reconciler)")]
    private partial void LogDeleted(string @namespace, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "writing cache ConfigMap {Namespace}/{Name} failed; its {Count} pending operations fail and their workflows are retried")]
    private partial void LogBatchFailed(Exception exception, string @namespace, string name, int count);

    private sealed record Pending(CacheOperation? Operation, bool DeleteIfEmpty)
    {
        public TaskCompletionSource<CacheStoreResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One ConfigMap's pending batch and its single drain loop.</summary>
    private sealed class Writer(ConfigMapCacheStore store, string @namespace, string name)
    {
        private readonly object _gate = new();
        private List<Pending> _pending = [];
        private bool _draining;
        private bool _retired;

        public string Namespace => @namespace;

        public string Name => name;

        // Only the drain loop touches this: the ConfigMap as this writer last wrote or read it.
        public V1ConfigMap? LastKnown { get; set; }

        public bool TryEnqueue(Pending pending)
        {
            lock (_gate)
            {
                if (_retired)
                {
                    return false;
                }
                _pending.Add(pending);
                if (_draining)
                {
                    return true;
                }
                _draining = true;
            }
            _ = Task.Run(DrainAsync);
            return true;
        }

        /// <summary>Retires the writer when it is idle (nothing queued or being written); true when retired.</summary>
        public bool TryRetire()
        {
            lock (_gate)
            {
                _retired = !_draining && _pending.Count == 0;
                return _retired;
            }
        }

        private async Task DrainAsync()
        {
            while (true)
            {
                List<Pending> batch;
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        _draining = false;
                        return;
                    }
                    batch = _pending;
                    _pending = [];
                }

                try
                {
                    await store.WriteBatchAsync(this, batch).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    LastKnown = null;
                    store.LogBatchFailed(ex, @namespace, name, batch.Count);
                    foreach (var pending in batch)
                    {
                        pending.Result.TrySetException(ex);
                    }
                }
            }
        }
    }
}
