namespace Memoize.Reconciler.Hosting;

/// <summary>Where a workflow's cache ConfigMaps live.</summary>
public enum CacheNamespaceMode
{
    /// <summary>In the Argo workflow controller's namespace, as Argo does.</summary>
    Controller,

    /// <summary>In the workflow's own namespace.</summary>
    Workflow,
}
