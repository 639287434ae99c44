using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// An informer for one Argo kind that keeps whole JSON objects, less metadata.managedFields (see
/// <see cref="ManagedFields"/>): for consumers that read them (the reconciler).
/// Lists in pages, watches from the list's resourceVersion with bookmarks, re-lists on 410 Expired, reconnects with
/// backoff. Handlers run one at a time, in the order the changes happened.
/// </summary>
public sealed class ResourceInformer
{
    private readonly ResourceInformer<JsonObject> inner;

    /// <summary>An informer for <paramref name="type"/> in <paramref name="namespace"/> (all namespaces when null), optionally filtered by a label selector.</summary>
    public ResourceInformer(KubernetesApiClient api, ResourceType type, string? @namespace = null, string? labelSelector = null, InformerOptions? options = null)
    {
        inner = new ResourceInformer<JsonObject>(api, type, ManagedFields.StripFrom, @namespace, labelSelector, options);
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

    /// <summary>Completes once the first list is in the store and its Added events were handled.</summary>
    public Task Synced => inner.Synced;

    /// <summary>The last resourceVersion seen (list, event or bookmark); a reconnect watches from here.</summary>
    public string? ResourceVersion => inner.ResourceVersion;

    /// <summary>Adds a handler; add handlers before <see cref="RunAsync"/> to see every event.</summary>
    public void AddHandler(Func<ResourceEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        inner.AddHandler((change, cancellationToken) => handler(new ResourceEvent(change.Type, change.Object, change.OldObject), cancellationToken));
    }

    /// <summary>The stored object, or null. Shared with the informer: clone it before changing it.</summary>
    public JsonObject? TryGet(string? @namespace, string name) => inner.TryGet(@namespace, name);

    /// <summary>A snapshot of every stored object.</summary>
    public IReadOnlyList<JsonObject> List() => inner.List();

    /// <summary>Runs the list/watch loop until <paramref name="cancellationToken"/> is cancelled; call once.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => inner.RunAsync(cancellationToken);
}
