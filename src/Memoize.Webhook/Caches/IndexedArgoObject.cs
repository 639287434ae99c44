namespace Memoize.Webhook.Caches;

/// <summary>
/// All the webhook keeps of one Argo object: which object it is and the cache ConfigMaps its memoize blocks name;
/// never its spec or status (what the informer's transform makes of a Workflow).
/// </summary>
/// <param name="Kind">Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow.</param>
/// <param name="Namespace">The object's namespace; null for a ClusterWorkflowTemplate.</param>
/// <param name="Name">The object's name (its generateName when it has no name yet).</param>
/// <param name="CacheConfigMaps">The distinct cache ConfigMaps it names; empty when it memoizes nothing by a fixed name.</param>
public sealed record IndexedArgoObject(string Kind, string? Namespace, string Name, IReadOnlyList<CacheConfigMapReference> CacheConfigMaps)
{
    /// <summary>The index's key: <c>kind/namespace/name</c>.</summary>
    public string Key => $"{Kind}/{Namespace}/{Name}";
}
