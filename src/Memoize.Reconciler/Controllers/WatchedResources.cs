using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Core.Cache;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Hosting;

namespace Memoize.Reconciler.Controllers;

/// <summary>
/// The informers the reconciler reads from: the four Argo kinds in the watched namespaces (all, or a list) and the
/// cache ConfigMaps (by the Cache label) where caches live. Lookups come from here; only a miss is confirmed with a GET.
/// </summary>
public sealed class WatchedResources
{
    /// <summary>The label selector of cache ConfigMaps.</summary>
    public const string CacheSelector = CacheLabel.Key + "=" + CacheLabel.CacheValue;

    private readonly IReadOnlyList<ResourceInformer> _workflows;
    private readonly IReadOnlyList<ResourceInformer> _workflowTemplates;
    private readonly IReadOnlyList<ResourceInformer> _cronWorkflows;
    private readonly ResourceInformer _clusterWorkflowTemplates;
    private readonly IReadOnlyList<ResourceInformer<V1ConfigMap, V1ConfigMap>> _cacheConfigMaps;

    /// <summary>Creates (does not start) the informers for <paramref name="options"/>.</summary>
    public WatchedResources(KubernetesApiClient api, ReconcilerOptions options, InformerOptions? informerOptions = null)
    {
        IReadOnlyList<string?> namespaces = options.Namespaces.Count == 0 ? new string?[] { null } : options.Namespaces.ToArray();
        List<ResourceInformer> PerNamespace(ResourceType type, ResourceInformer.StoredAs storedAs = ResourceInformer.StoredAs.Nodes) =>
            namespaces.Select(ns => new ResourceInformer(api, type, ns, null, informerOptions, storedAs)).ToList();
        // Workflows as text: finished ones pile up (Argo keeps them until their TTL), each is read once per reconcile,
        // and as nodes one of 50 finished nodes took about 80 KiB, nearly three times its JSON (docs/performance.md).
        // Templates stay as nodes: few, small, and read for every node that refers to them.
        _workflows = PerNamespace(ResourceType.Workflows, ResourceInformer.StoredAs.Text);
        _workflowTemplates = PerNamespace(ResourceType.WorkflowTemplates);
        _cronWorkflows = PerNamespace(ResourceType.CronWorkflows);
        _clusterWorkflowTemplates = new ResourceInformer(api, ResourceType.ClusterWorkflowTemplates, null, null, informerOptions);
        IReadOnlyList<string?> cacheNamespaces = options.CacheNamespaceMode == CacheNamespaceMode.Controller ? [options.ControllerNamespace] : namespaces;
        var configMaps = new ConfigMapClient(api);
        _cacheConfigMaps = cacheNamespaces.Select(ns => new ResourceInformer<V1ConfigMap, V1ConfigMap>(configMaps, ManagedFields.StripFrom, ns, CacheSelector, informerOptions)).ToList();
    }

    /// <summary>The informers of the four Argo kinds, for reporting their errors.</summary>
    public IReadOnlyList<ResourceInformer> ArgoInformers => [.. _workflows, .. _workflowTemplates, .. _cronWorkflows, _clusterWorkflowTemplates];

    /// <summary>The Workflow informers (one per watched namespace, or one for all).</summary>
    public IReadOnlyList<ResourceInformer> Workflows => _workflows;

    /// <summary>The cache ConfigMap informers.</summary>
    public IReadOnlyList<ResourceInformer<V1ConfigMap, V1ConfigMap>> CacheConfigMaps => _cacheConfigMaps;

    /// <summary>Completes when every informer has listed once.</summary>
    public Task Synced => Task.WhenAll(ArgoInformers.Select(i => i.Synced).Concat(_cacheConfigMaps.Select(i => i.Synced)));

    /// <summary>True once every informer has listed once.</summary>
    public bool IsSynced => Synced.IsCompletedSuccessfully;

    /// <summary>Runs every informer until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(ArgoInformers.Select(i => i.RunAsync(cancellationToken)).Concat(_cacheConfigMaps.Select(i => i.RunAsync(cancellationToken))));

    /// <summary>The Workflow from the informer store (a fresh copy, parsed from the stored text), or null.</summary>
    public JsonObject? Workflow(string @namespace, string name) => Find(_workflows, @namespace, name);

    /// <summary>The WorkflowTemplate or ClusterWorkflowTemplate a node's template comes from, or null when not (yet) known.</summary>
    public JsonObject? TemplateOwner(Memoize.Core.Workflows.TemplateOwner owner) => owner.ClusterScope
        ? _clusterWorkflowTemplates.TryGet(null, owner.Name)
        : owner.Namespace is null ? null : Find(_workflowTemplates, owner.Namespace, owner.Name);

    /// <summary>The cache ConfigMap as the informer has it (only labelled ones are watched), or null.</summary>
    public V1ConfigMap? CacheConfigMap(string @namespace, string name) =>
        _cacheConfigMaps.FirstOrDefault(i => i.Namespace is null || i.Namespace == @namespace)?.TryGet(@namespace, name);

    /// <summary>Every watched object that can carry memoize blocks: Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows.</summary>
    public IEnumerable<JsonObject> MemoizeCarriers() =>
        _workflows.Concat(_workflowTemplates).Concat(_cronWorkflows).Append(_clusterWorkflowTemplates).SelectMany(i => i.List());

    /// <summary>Every cache ConfigMap the informers hold.</summary>
    public IEnumerable<V1ConfigMap> AllCacheConfigMaps() => _cacheConfigMaps.SelectMany(i => i.List());

    private static JsonObject? Find(IReadOnlyList<ResourceInformer> informers, string @namespace, string name)
    {
        foreach (var informer in informers)
        {
            if (informer.Namespace is null || informer.Namespace == @namespace)
            {
                return informer.TryGet(@namespace, name);
            }
        }
        return null;
    }
}
