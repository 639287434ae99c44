namespace Memoize.Webhook.Caches;

/// <summary>Knows which ConfigMaps are named as caches by the memoize blocks of the Argo objects in the cluster.</summary>
public interface ICacheConfigMapIndex
{
    /// <summary>True once the index has seen the full list of Argo objects (readiness waits for it).</summary>
    bool IsSynced { get; }

    /// <summary>True when a known Argo object names <paramref name="namespace"/>/<paramref name="name"/> as its cache.</summary>
    bool IsNamedCache(string @namespace, string name);
}
