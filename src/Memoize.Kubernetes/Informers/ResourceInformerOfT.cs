using System.Text.Json.Nodes;
using Memoize.Kubernetes.Resources;

namespace Memoize.Kubernetes.Informers;

/// <summary>An informer for one Argo kind, read as JSON, keeping what <c>transform</c> makes of each object (the webhook's index keeps only names).</summary>
/// <typeparam name="T">What the store keeps of each object.</typeparam>
public sealed class ResourceInformer<T> : ResourceInformer<JsonObject, T>
    where T : class
{
    /// <summary>An informer for <paramref name="type"/> (an Argo kind) in <paramref name="namespace"/> (all namespaces when null).</summary>
    public ResourceInformer(KubernetesApiClient api, ResourceType type, Func<JsonObject, T> transform, string? @namespace = null, string? labelSelector = null, InformerOptions? options = null)
        : base(new ArgoResourceClient(api, type), transform, @namespace, labelSelector, options)
    {
        Type = type;
    }

    /// <summary>The resource type watched.</summary>
    public ResourceType Type { get; }
}
