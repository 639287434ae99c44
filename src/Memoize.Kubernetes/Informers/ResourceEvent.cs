using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// One change an informer delivers to its handlers. The objects are read from the store only when asked for: a
/// handler that needs only the key (the reconciler queues keys) parses nothing.
/// </summary>
public sealed class ResourceEvent
{
    private readonly Func<JsonObject> readObject;
    private readonly Func<JsonObject?> readOldObject;
    private JsonObject? obj;
    private JsonObject? oldObject;
    private bool oldObjectRead;

    /// <summary>A change of the object stored under <paramref name="key"/>, read with <paramref name="readObject"/> and <paramref name="readOldObject"/> when first asked for.</summary>
    public ResourceEvent(ResourceEventType type, string key, Func<JsonObject> readObject, Func<JsonObject?> readOldObject)
    {
        Type = type;
        Key = key;
        this.readObject = readObject;
        this.readOldObject = readOldObject;
    }

    /// <summary>Added, Updated or Deleted.</summary>
    public ResourceEventType Type { get; }

    /// <summary>The store key, <c>namespace/name</c> (or <c>name</c> for cluster-scoped objects).</summary>
    public string Key { get; }

    /// <summary>The object now (for Deleted, its last known state); see <see cref="ResourceInformer.TryGet"/> on sharing.</summary>
    public JsonObject Object => obj ??= readObject();

    /// <summary>The previous state for Updated; null otherwise.</summary>
    public JsonObject? OldObject
    {
        get
        {
            if (!oldObjectRead)
            {
                oldObject = readOldObject();
                oldObjectRead = true;
            }

            return oldObject;
        }
    }
}
