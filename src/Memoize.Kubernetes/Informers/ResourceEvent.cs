using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Informers;

/// <summary>One change an informer delivers to its handlers.</summary>
/// <param name="Type">Added, Updated or Deleted.</param>
/// <param name="Object">The object now (for Deleted, its last known state). Shared with the store: clone before changing it.</param>
/// <param name="OldObject">The previous state for Updated; null otherwise.</param>
public sealed record ResourceEvent(ResourceEventType Type, JsonObject Object, JsonObject? OldObject = null)
{
    /// <summary>The store key, <c>namespace/name</c> (or <c>name</c> for cluster-scoped objects).</summary>
    public string Key => ObjectMetadata.Key(Object);
}
