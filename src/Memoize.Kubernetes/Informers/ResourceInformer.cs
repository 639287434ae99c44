using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// An informer for one Argo kind that keeps whole JSON objects, less metadata.managedFields (see
/// <see cref="ManagedFields"/>): for consumers that read them (the reconciler). Lists in pages, watches from the
/// list's resourceVersion with bookmarks, re-lists on 410 Expired, reconnects with backoff. Handlers run one at a time,
/// in the order the changes happened. With <see cref="StoredAs.Text"/> each object is kept as its compact UTF-8 JSON
/// and parsed again on every read: about a third of the memory of its nodes, for a parse per read.
/// </summary>
public sealed class ResourceInformer
{
    private readonly ResourceInformer<StoredObject> inner;

    /// <summary>An informer for <paramref name="type"/> in <paramref name="namespace"/> (all namespaces when null), optionally filtered by a label selector, keeping each object as <paramref name="storedAs"/> says.</summary>
    public ResourceInformer(KubernetesApiClient api, ResourceType type, string? @namespace = null, string? labelSelector = null, InformerOptions? options = null, StoredAs storedAs = StoredAs.Nodes)
    {
        inner = new ResourceInformer<StoredObject>(api, type, obj => StoredObject.Of(ManagedFields.StripFrom(obj), storedAs), @namespace, labelSelector, options);
        Stored = storedAs;
    }

    /// <summary>How the informer keeps an object.</summary>
    public enum StoredAs
    {
        /// <summary>As JSON nodes, shared with every reader: read fast, clone before changing.</summary>
        Nodes,

        /// <summary>As compact UTF-8 JSON, parsed into fresh nodes on every read: for many large objects read rarely (finished Workflows).</summary>
        Text,
    }

    /// <summary>Raised (on the informer's loop) when a list, a watch or a handler fails; the informer carries on.</summary>
    public event Action<Exception>? ErrorOccurred
    {
        add => inner.ErrorOccurred += value;
        remove => inner.ErrorOccurred -= value;
    }

    /// <summary>The resource type watched.</summary>
    public ResourceType Type => inner.Type;

    /// <summary>The namespace watched; null = all.</summary>
    public string? Namespace => inner.Namespace;

    /// <summary>The label selector, when filtered.</summary>
    public string? LabelSelector => inner.LabelSelector;

    /// <summary>How each object is kept.</summary>
    public StoredAs Stored { get; }

    /// <summary>Completes once the first list is in the store and its Added events were handled.</summary>
    public Task Synced => inner.Synced;

    /// <summary>The last resourceVersion seen (list, event or bookmark); a reconnect watches from here.</summary>
    public string? ResourceVersion => inner.ResourceVersion;

    /// <summary>The number of objects stored.</summary>
    public int Count => inner.Count;

    /// <summary>Adds a handler; add handlers before <see cref="RunAsync"/> to see every event.</summary>
    public void AddHandler(Func<ResourceEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        inner.AddHandler((change, cancellationToken) => handler(
            new ResourceEvent(change.Type, change.Key, change.Object.Read, () => change.OldObject?.Read()),
            cancellationToken));
    }

    /// <summary>
    /// The stored object, or null. Kept as <see cref="StoredAs.Nodes"/> it is shared with the informer (clone it before
    /// changing it); as <see cref="StoredAs.Text"/> it is a fresh copy.
    /// </summary>
    public JsonObject? TryGet(string? @namespace, string name) => inner.TryGet(@namespace, name)?.Read();

    /// <summary>A snapshot of every stored object (each parsed when kept as text).</summary>
    public IReadOnlyList<JsonObject> List() => [.. inner.List().Select(stored => stored.Read())];

    /// <summary>A snapshot of every store key (<c>namespace/name</c>), without reading an object.</summary>
    public IReadOnlyList<string> Keys() => inner.Keys();

    /// <summary>Runs the list/watch loop until <paramref name="cancellationToken"/> is cancelled; call once.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => inner.RunAsync(cancellationToken);

    // One stored object: its nodes, or its UTF-8 JSON text.
    private sealed class StoredObject
    {
        private readonly JsonObject? nodes;
        private readonly byte[]? text;

        private StoredObject(JsonObject? nodes, byte[]? text)
        {
            this.nodes = nodes;
            this.text = text;
        }

        public static StoredObject Of(JsonObject obj, StoredAs storedAs) =>
            storedAs == StoredAs.Text ? new StoredObject(null, JsonSerializer.SerializeToUtf8Bytes(obj)) : new StoredObject(obj, null);

        public JsonObject Read() => nodes ?? JsonNode.Parse(text)!.AsObject();
    }
}
