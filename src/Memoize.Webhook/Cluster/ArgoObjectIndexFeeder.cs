using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;
using Memoize.Webhook.Caches;

namespace Memoize.Webhook.Cluster;

/// <summary>
/// Keeps the <see cref="CacheConfigMapIndex"/> in step with the cluster: one informer per Argo kind (Workflows,
/// WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows; all namespaces) upserts an object on add and update and
/// removes it on delete. The informers list in pages and transform each object into an <see cref="IndexedArgoObject"/>
/// as it arrives, so a replica holds only each object's name and the cache names it uses, never a Workflow's spec or
/// status: memory grows with the number of Argo objects, not with their size. A re-list after 410 Expired arrives as the same add/update/delete differences, so the index
/// needs no separate replace. The index is marked synced once all four informers have listed, which makes the webhook
/// ready. Failures are logged; the informers retry with backoff on their own.
/// </summary>
public sealed class ArgoObjectIndexFeeder : BackgroundService
{
    private readonly CacheConfigMapIndex _index;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<ResourceInformer<IndexedArgoObject>> _informers;

    /// <summary>Creates the informers over <paramref name="api"/>; <paramref name="informerOptions"/> tunes their page size, timeouts and backoff.</summary>
    public ArgoObjectIndexFeeder(KubernetesApiClient api, CacheConfigMapIndex index, ILogger<ArgoObjectIndexFeeder> logger, InformerOptions? informerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        _index = index;
        _logger = logger;
        _informers = [.. ResourceType.ArgoKinds.Select(type => NewInformer(api, type, informerOptions))];
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave StartAsync at once: the web server must come up (and report not ready) while the lists run.
        await Task.Yield();
        var runs = _informers.Select(informer => informer.RunAsync(stoppingToken)).ToList();
        try
        {
            await Task.WhenAll(_informers.Select(informer => informer.Synced)).WaitAsync(stoppingToken);
            _index.MarkSynced();
            _logger.LogInformation(
                "The cache ConfigMap index has synced: {Count} Argo objects listed ({Kinds})",
                _informers.Sum(informer => informer.Count),
                string.Join(", ", _informers.Select(informer => $"{informer.Count} {informer.Type.Plural}")));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the first lists completed.
        }

        await Task.WhenAll(runs);
    }

    /// <summary>The informers, one per Argo kind (what the webhook holds in memory is what their stores hold).</summary>
    public IReadOnlyList<ResourceInformer<IndexedArgoObject>> Informers => _informers;

    private ResourceInformer<IndexedArgoObject> NewInformer(KubernetesApiClient api, ResourceType type, InformerOptions? options)
    {
        var informer = new ResourceInformer<IndexedArgoObject>(api, type, Describe, @namespace: null, labelSelector: null, options);
        informer.AddHandler((change, _) =>
        {
            Apply(change);
            return Task.CompletedTask;
        });
        informer.ErrorOccurred += error => _logger.LogWarning(
            "Listing or watching {Resource} for the cache ConfigMap index failed, retrying: {Problem}{Hint}",
            $"{type.Plural}.{type.Group}",
            error.Message,
            HintFor(error, type));
        return informer;
    }

    // The informer's transform: runs once per listed or watched object, which is then dropped.
    private IndexedArgoObject Describe(JsonObject obj)
    {
        if (ArgoObject.TryFrom(obj) is { } argoObject)
        {
            return _index.Describe(argoObject);
        }

        _logger.LogWarning("Ignoring {Key} from the informer: it is not an argoproj.io Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow", ObjectMetadata.Key(obj));
        return new IndexedArgoObject(obj["kind"] is JsonValue kind && kind.TryGetValue<string>(out var text) ? text : "", ObjectMetadata.Namespace(obj), ObjectMetadata.Name(obj) ?? "", []);
    }

    private void Apply(ResourceEvent<IndexedArgoObject> change)
    {
        if (change.Type == ResourceEventType.Deleted)
        {
            _index.Remove(change.Object);
        }
        else
        {
            _index.Upsert(change.Object);
        }
    }

    private static string HintFor(Exception error, ResourceType type) => error switch
    {
        ForbiddenException => $" (the webhook's service account needs list and watch on {type.Plural}.{type.Group} in all namespaces; see the ClusterRole in manifests/base)",
        NotFoundException => $" (is Argo Workflows installed? The {type.Plural}.{type.Group} CustomResourceDefinition is not served)",
        _ => "",
    };
}
