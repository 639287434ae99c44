namespace Memoize.Core.Cache;

/// <summary>Which namespace holds the cache ConfigMaps of an Argo object.</summary>
/// <param name="Mode">Controller's namespace (Argo's behaviour) or the workflow's.</param>
/// <param name="ControllerNamespace">The Argo workflow controller's namespace, e.g. <c>argo</c>.</param>
public sealed record CacheNamespacePolicy(CacheNamespaceMode Mode, string ControllerNamespace)
{
    /// <summary>
    /// The cache namespace for an object in <paramref name="objectNamespace"/>; null when it cannot be known
    /// (a cluster-scoped ClusterWorkflowTemplate in workflow mode: its caches follow whichever workflow uses it).
    /// </summary>
    public string? For(string? objectNamespace) =>
        Mode == CacheNamespaceMode.Controller ? ControllerNamespace : string.IsNullOrEmpty(objectNamespace) ? null : objectNamespace;
}
