namespace Memoize.Core.Cache;

/// <summary>Where cache ConfigMaps live.</summary>
public enum CacheNamespaceMode
{
    /// <summary>In the Argo workflow controller's namespace, as Argo does.</summary>
    Controller,

    /// <summary>In the namespace of the workflow (this project's option).</summary>
    Workflow,
}
