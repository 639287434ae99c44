namespace Memoize.Webhook.Caches;

/// <summary>A cache ConfigMap named by a memoize block: where the cache lives and its name.</summary>
/// <param name="Namespace">The ConfigMap's namespace; null = any namespace (a ClusterWorkflowTemplate in workflow mode).</param>
/// <param name="Name">The ConfigMap's name.</param>
public readonly record struct CacheConfigMapReference(string? Namespace, string Name);
