namespace Memoize.Kubernetes.Informers;

/// <summary>One change a <see cref="ResourceInformer{T}"/> delivers: the transformed object, keyed as the server's object was.</summary>
/// <param name="Type">Added, Updated or Deleted.</param>
/// <param name="Key">The store key, <c>namespace/name</c> (or <c>name</c> for cluster-scoped objects).</param>
/// <param name="Object">The transformed object now (for Deleted, of its last known state). Shared with the store.</param>
/// <param name="OldObject">The previous transformed state for Updated; null otherwise.</param>
public sealed record ResourceEvent<T>(ResourceEventType Type, string Key, T Object, T? OldObject = null)
    where T : class;
