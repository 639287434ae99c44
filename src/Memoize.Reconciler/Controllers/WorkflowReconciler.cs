using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Core.Keys;
using Memoize.Core.Workflows;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Cache;
using Memoize.Reconciler.Hosting;
using Memoize.Reconciler.Observability;
using Microsoft.Extensions.Logging;

namespace Memoize.Reconciler.Controllers;

/// <summary>
/// Reconciles one Workflow: asks the pure planner what each memoized node needs, marks lookups as hits (outputs
/// replayed) or misses in one UPDATE of the whole Workflow carrying its resourceVersion (the CRD has no status
/// subresource), stores the outputs of succeeded nodes through the coalescing store, and reports invalid nodes.
/// Idempotent: running it again on the same Workflow changes nothing more.
/// </summary>
public sealed partial class WorkflowReconciler
{
    private readonly WatchedResources _resources;
    private readonly ArgoResourceClient _workflows;
    private readonly ConfigMapClient _configMaps;
    private readonly ConfigMapCacheStore _store;
    private readonly ReconcilerOptions _options;
    private readonly TimeProvider _time;
    private readonly ReconcilerMetrics _metrics;
    private readonly EventReporter _events;
    private readonly ILogger _logger;

    /// <summary>Creates the reconciler.</summary>
    public WorkflowReconciler(
        WatchedResources resources,
        ArgoResourceClient workflows,
        ConfigMapClient configMaps,
        ConfigMapCacheStore store,
        ReconcilerOptions options,
        TimeProvider time,
        ReconcilerMetrics metrics,
        EventReporter events,
        ILogger logger)
    {
        _resources = resources;
        _workflows = workflows;
        _configMaps = configMaps;
        _store = store;
        _options = options;
        _time = time;
        _metrics = metrics;
        _events = events;
        _logger = logger;
    }

    /// <summary>Reconciles the Workflow <c>namespace/name</c> as the informer has it.</summary>
    public async Task<ReconcileOutcome> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        var workflow = _resources.Workflow(ns, name);
        if (workflow is null)
        {
            return ReconcileOutcome.Done; // deleted
        }

        var cacheNamespace = CacheNamespaceOf(ns);
        var now = _time.GetUtcNow();
        var plan = MemoizationPlanner.Plan(workflow, now, (cacheName, cacheKey) => EntryOf(_resources.CacheConfigMap(cacheNamespace, cacheName), cacheKey), _resources.TemplateOwner);
        var regarding = ObjectMetadata.ReferenceTo(workflow);

        // The informer can be behind the API server (its watch lags, was dropped, or is re-listing after a
        // compaction), so an entry stored a moment ago, by this reconciler or by Argo, may not be in its copy yet.
        // A miss runs the node again, while Argo (which reads the ConfigMap on every lookup) would hit: so a miss is
        // confirmed with one read of each cache ConfigMap it names before it is marked. Hits need no read.
        var missedCaches = plan.Decisions
            .Where(d => d.Kind == MemoizationDecisionKind.Lookup && d.Lookup is { IsHit: false })
            .Select(d => d.CacheName!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (missedCaches.Count > 0)
        {
            // A failed read fails the reconcile (retried with backoff): marking a miss then could rerun a node whose entry exists.
            var fresh = new Dictionary<string, V1ConfigMap?>(StringComparer.Ordinal);
            foreach (var cacheName in missedCaches)
            {
                _metrics.LookupReads.Increment();
                fresh[cacheName] = await _configMaps.TryGetAsync(cacheNamespace, cacheName).ConfigureAwait(false);
            }
            plan = MemoizationPlanner.Plan(
                workflow,
                now,
                (cacheName, cacheKey) => EntryOf(fresh.TryGetValue(cacheName, out var read) ? read : _resources.CacheConfigMap(cacheNamespace, cacheName), cacheKey),
                _resources.TemplateOwner);
        }

        if (plan.Problem is not null)
        {
            if (plan.Storage == NodeStatusStorage.Offloaded)
            {
                await _events.WarnAsync(regarding, "MemoizeNodesOffloaded", "Reconcile", plan.Problem, cancellationToken, _metrics.OffloadedWorkflows).ConfigureAwait(false);
            }
            else
            {
                await _events.WarnAsync(regarding, "MemoizeNodesUnreadable", "Reconcile", plan.Problem, cancellationToken).ConfigureAwait(false);
            }
            return ReconcileOutcome.Done;
        }
        if (plan.Decisions.Count == 0)
        {
            return ReconcileOutcome.Done;
        }

        var nodes = WorkflowNodes.Read(workflow);
        var edits = new List<JsonObject>();
        var touches = new List<(string CacheName, string Key)>();
        var stores = new List<MemoizationDecision>();
        foreach (var decision in plan.Decisions)
        {
            switch (decision.Kind)
            {
                case MemoizationDecisionKind.Lookup:
                    if (nodes.Find(decision.NodeId) is { } node)
                    {
                        edits.Add(await LookupAsync(regarding, cacheNamespace, node, decision, now, touches, cancellationToken).ConfigureAwait(false));
                    }
                    break;
                case MemoizationDecisionKind.Store:
                    stores.Add(decision);
                    break;
                case MemoizationDecisionKind.Invalid:
                    await _events.WarnAsync(regarding, InvalidReason(decision), "Lookup", decision.Problem!, cancellationToken, _metrics.InvalidNodes).ConfigureAwait(false);
                    break;
                case MemoizationDecisionKind.Unresolved:
                    await _events.WarnAsync(regarding, "MemoizeUnresolved", "Lookup", decision.Problem!, cancellationToken, _metrics.UnresolvedNodes).ConfigureAwait(false);
                    break;
            }
        }

        if (edits.Count > 0)
        {
            try
            {
                await _workflows.UpdateAsync(WorkflowNodes.WithNodes(workflow, edits), cancellationToken).ConfigureAwait(false);
                _metrics.WorkflowUpdates.Increment();
                LogMarked(ns, name, edits.Count);
            }
            catch (ConflictException)
            {
                // Argo's controller wrote the Workflow meanwhile: the informer brings the new version, decide again.
                _metrics.WorkflowConflicts.Increment();
                return ReconcileOutcome.Requeue;
            }
            catch (NotFoundException)
            {
                return ReconcileOutcome.Done;
            }
        }

        var failed = false;
        var writes = stores.Select(d => StoreAsync(regarding, cacheNamespace, d, cancellationToken))
            .Concat(touches.Select(t => TouchAsync(cacheNamespace, t.CacheName, t.Key, now, cancellationToken)))
            .ToList();
        foreach (var succeeded in await Task.WhenAll(writes).ConfigureAwait(false))
        {
            failed |= !succeeded;
        }
        return failed ? ReconcileOutcome.Requeue : ReconcileOutcome.Done;
    }

    /// <summary>Forgets what was reported about a deleted Workflow.</summary>
    public void Forget(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        _events.Forget(ResourceType.Workflows.Kind, key[..slash], key[(slash + 1)..]);
    }

    // A Workflow always has a namespace, so the policy always names one.
    private string CacheNamespaceOf(string workflowNamespace) => _options.CacheNamespacePolicy.For(workflowNamespace) ?? workflowNamespace;

    private async Task<JsonObject> LookupAsync(
        V1ObjectReference regarding,
        string cacheNamespace,
        WorkflowNode node,
        MemoizationDecision decision,
        DateTimeOffset now,
        List<(string, string)> touches,
        CancellationToken cancellationToken)
    {
        var (key, cacheName, lookup) = (decision.Key!, decision.CacheName!, decision.Lookup!);
        _metrics.Lookups.Increment();
        if (lookup.IsHit)
        {
            _metrics.Hits.Increment();
            touches.Add((cacheName, key));
            LogHit(regarding.NamespaceProperty ?? "", regarding.Name, node.Name, cacheNamespace, cacheName, lookup.Entry!.NodeId);
            return WorkflowNodeEdits.MarkHit(node.Json, lookup.Entry, key, cacheName, now);
        }

        _metrics.Misses.Increment();
        if (lookup.Outcome == CacheLookupOutcome.Malformed)
        {
            // Argo would fail the node; here it runs and the entry is kept for a person to fix.
            var note = $"{lookup.Message} (cache ConfigMap {cacheNamespace}/{cacheName}, key \"{key}\", node {node.Name}); the node runs as a miss and the entry is kept: fix or delete it";
            await _events.WarnAsync(regarding, "MemoizeMalformedEntry", "Lookup", note, cancellationToken, _metrics.MalformedEntries).ConfigureAwait(false);
        }
        LogMiss(regarding.NamespaceProperty ?? "", regarding.Name, node.Name, cacheNamespace, cacheName, MissReason(lookup));
        return WorkflowNodeEdits.MarkMiss(node.Json, key, cacheName);
    }

    private async Task<bool> StoreAsync(V1ObjectReference regarding, string cacheNamespace, MemoizationDecision decision, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _store.StoreAsync(cacheNamespace, decision.CacheName!, decision.ToStoreOperation(), cancellationToken).ConfigureAwait(false);
            if (result.ConfigMapRefused)
            {
                var note = $"{result.Message} (ConfigMap {cacheNamespace}/{decision.CacheName}, node {decision.NodeName}); label it with " +
                    $"kubectl label configmap -n {cacheNamespace} {decision.CacheName} {CacheLabel.Key}={CacheLabel.CacheValue} to let memoization use it";
                await _events.WarnAsync(regarding, "MemoizeCacheRefused", "Store", note, cancellationToken).ConfigureAwait(false);
            }
            else if (result.Kind == CacheWriteOutcomeKind.Refused)
            {
                await _events.WarnAsync(regarding, "MemoizeEntryTooLarge", "Store", $"node {decision.NodeName}: {result.Message}", cancellationToken).ConfigureAwait(false);
            }
            else if (result.Kind == CacheWriteOutcomeKind.Stored)
            {
                LogStored(regarding.NamespaceProperty ?? "", regarding.Name, decision.NodeName, cacheNamespace, decision.CacheName!);
            }
            return true;
        }
        catch (Exception ex) when (ex is KubernetesApiException or InvalidOperationException)
        {
            LogStoreFailed(regarding.NamespaceProperty ?? "", regarding.Name, decision.NodeName, ex.Message);
            return false;
        }
    }

    private async Task<bool> TouchAsync(string cacheNamespace, string cacheName, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SubmitAsync(cacheNamespace, cacheName, new TouchLastHitOperation(key, now), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubernetesApiException or InvalidOperationException)
        {
            // Only lastHitTimestamp is lost: it matters for eviction order and GC, never for correctness.
            LogTouchFailed(cacheNamespace, cacheName, ex.Message);
        }
        return true;
    }

    // Only a ConfigMap with the Cache label is a cache (the informer watches only those; a read may return another).
    private static string? EntryOf(V1ConfigMap? configMap, string key) =>
        configMap is not null && CacheLabel.Check(configMap.Metadata?.Labels?.AsReadOnly()).IsCache && configMap.Data?.TryGetValue(key, out var value) == true ? value : null;

    // Why a lookup missed, in words that carry nothing of the entry (Argo's malformed-entry text quotes it).
    private static string MissReason(CacheLookupResult lookup) => lookup.MissReason switch
    {
        CacheMissReason.Absent => "no entry under the key",
        CacheMissReason.Empty => "the entry is empty",
        CacheMissReason.NoNodeId => "the entry has no nodeID",
        CacheMissReason.MaxAgeNotPositive => "maxAge is not positive",
        CacheMissReason.ZeroCreationTimestamp => "the entry has no creationTimestamp",
        CacheMissReason.Expired => "the entry is older than maxAge",
        _ => lookup.Outcome == CacheLookupOutcome.Malformed ? "the entry cannot be read (Event MemoizeMalformedEntry)" : lookup.Outcome.ToString(),
    };

    private static string InvalidReason(MemoizationDecision decision)
    {
        if (decision.Key is null || !CacheKey.IsValid(decision.Key))
        {
            return "MemoizeInvalidKey";
        }
        return decision.CacheName is null || !ConfigMapName.IsValid(decision.CacheName) ? "MemoizeInvalidCacheName" : "MemoizeInvalidMaxAge";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Namespace}/{Name}: marked {Count} memoized nodes after lookups")]
    private partial void LogMarked(string @namespace, string name, int count);

    // Log lines name objects, never the key or an entry: a key is made of parameter values, and logs reach more
    // readers than the objects do. The key is in the node's memoizationStatus for those who may read the Workflow.
    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Namespace}/{Name} node {Node}: hit in {CacheNamespace}/{CacheName} (outputs of node {EntryNode})")]
    private partial void LogHit(string @namespace, string name, string node, string cacheNamespace, string cacheName, string entryNode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Namespace}/{Name} node {Node}: miss in {CacheNamespace}/{CacheName} ({Reason})")]
    private partial void LogMiss(string @namespace, string name, string node, string cacheNamespace, string cacheName, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {Namespace}/{Name} node {Node}: stored in {CacheNamespace}/{CacheName}")]
    private partial void LogStored(string @namespace, string name, string node, string cacheNamespace, string cacheName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow {Namespace}/{Name} node {Node}: store failed, retrying later: {Error}")]
    private partial void LogStoreFailed(string @namespace, string name, string node, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "cache {CacheNamespace}/{CacheName}: lastHitTimestamp of an entry not updated: {Error}")]
    private partial void LogTouchFailed(string cacheNamespace, string cacheName, string error);
}
