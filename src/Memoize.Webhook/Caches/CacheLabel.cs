namespace Memoize.Webhook.Caches;

/// <summary>Argo's label that marks a ConfigMap as a memoization cache (and, with other values, as other Argo ConfigMaps).</summary>
public static class CacheLabel
{
    /// <summary>The label key.</summary>
    public const string Key = "workflows.argoproj.io/configmap-type";

    /// <summary>The value Argo requires on a cache ConfigMap.</summary>
    public const string CacheValue = "Cache";
}
