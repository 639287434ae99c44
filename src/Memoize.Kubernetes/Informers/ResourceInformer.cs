using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// Keeps an in-memory copy of one resource type in sync with the API server: lists, then watches from the
/// list's resourceVersion (with bookmarks); re-lists when the server answers 410 Expired, delivering the
/// differences as Added/Updated/Deleted; reconnects from the last resourceVersion after a dropped stream.
/// Handlers run one at a time, in the order the changes happened.
/// </summary>
public sealed class ResourceInformer
{
    private readonly KubernetesApiClient api;
    private readonly InformerOptions options;
    private readonly ConcurrentDictionary<string, JsonObject> store = new(StringComparer.Ordinal);
    private readonly List<Func<ResourceEvent, CancellationToken, Task>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;

    /// <summary>An informer for <paramref name="type"/> in <paramref name="namespace"/> (all namespaces when null), optionally filtered by a label selector.</summary>
    public ResourceInformer(KubernetesApiClient api, ResourceType type, string? @namespace = null, string? labelSelector = null, InformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(type);
        this.api = api;
        Type = type;
        Namespace = @namespace;
        LabelSelector = labelSelector;
        this.options = options ?? new InformerOptions();
    }

    /// <summary>Raised (on the informer's loop) when a list, a watch or a handler fails; the informer carries on.</summary>
    public event Action<Exception>? ErrorOccurred;

    /// <summary>The resource type watched.</summary>
    public ResourceType Type { get; }

    /// <summary>The namespace watched; null = all.</summary>
    public string? Namespace { get; }

    /// <summary>The label selector, when filtered.</summary>
    public string? LabelSelector { get; }

    /// <summary>Completes once the first list is in the store and its Added events were handled.</summary>
    public Task Synced => synced.Task;

    /// <summary>The last resourceVersion seen (list, event or bookmark); a reconnect watches from here.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Adds a handler; add handlers before <see cref="RunAsync"/> to see every event.</summary>
    public void AddHandler(Func<ResourceEvent, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (handlers)
        {
            handlers.Add(handler);
        }
    }

    /// <summary>The stored object, or null. Shared with the informer: clone it before changing it.</summary>
    public JsonObject? TryGet(string? @namespace, string name) =>
        store.TryGetValue(ObjectMetadata.KeyOf(@namespace, name), out var obj) ? obj : null;

    /// <summary>A snapshot of every stored object.</summary>
    public IReadOnlyList<JsonObject> List() => store.Values.ToList();

    /// <summary>Runs the list/watch loop until <paramref name="cancellationToken"/> is cancelled; call once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("the informer is already running");
        }

        var needList = true;
        var failures = 0;
        var emptyWatches = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (needList)
                {
                    await ListAndSyncAsync(cancellationToken).ConfigureAwait(false);
                    needList = false;
                }

                var received = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                failures = 0;

                // The server ended the watch; a server that ends every watch at once gets backed off from.
                emptyWatches = received == 0 ? emptyWatches + 1 : 0;
                if (emptyWatches > 1)
                {
                    await options.Delay(Backoff(emptyWatches - 1), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ExpiredException)
            {
                // The resourceVersion was compacted away (normal after a long disconnect): only a fresh list can tell what changed meanwhile.
                needList = true;
            }
            catch (Exception ex)
            {
                Report(ex);
                failures++;
                try
                {
                    await options.Delay(Backoff(failures), cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    private async Task ListAndSyncAsync(CancellationToken cancellationToken)
    {
        var list = await api.ListAsync(Type, Namespace, LabelSelector, null, cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<ResourceEvent>();
        foreach (var item in list.Items)
        {
            var key = ObjectMetadata.Key(item);
            seen.Add(key);
            if (!store.TryGetValue(key, out var old))
            {
                changes.Add(new ResourceEvent(ResourceEventType.Added, item));
            }
            else if (ObjectMetadata.ResourceVersion(old) != ObjectMetadata.ResourceVersion(item))
            {
                changes.Add(new ResourceEvent(ResourceEventType.Updated, item, old));
            }
        }

        foreach (var (key, old) in store)
        {
            if (!seen.Contains(key))
            {
                changes.Add(new ResourceEvent(ResourceEventType.Deleted, old));
            }
        }

        foreach (var change in changes)
        {
            if (change.Type == ResourceEventType.Deleted)
            {
                store.TryRemove(change.Key, out _);
            }
            else
            {
                store[change.Key] = change.Object;
            }
        }

        ResourceVersion = list.ResourceVersion;
        foreach (var change in changes)
        {
            await DeliverAsync(change, cancellationToken).ConfigureAwait(false);
        }

        synced.TrySetResult();
    }

    private async Task<int> WatchOnceAsync(CancellationToken cancellationToken)
    {
        var watch = new WatchOptions
        {
            ResourceVersion = ResourceVersion,
            LabelSelector = LabelSelector,
            AllowWatchBookmarks = true,
            TimeoutSeconds = Math.Max(1, (int)options.WatchTimeout.TotalSeconds),
        };
        var received = 0;
        await foreach (var watchEvent in api.WatchAsync(Type, Namespace, watch, cancellationToken).ConfigureAwait(false))
        {
            received++;
            await ApplyAsync(watchEvent, cancellationToken).ConfigureAwait(false);
        }

        return received;
    }

    private async Task ApplyAsync(WatchEvent watchEvent, CancellationToken cancellationToken)
    {
        var obj = watchEvent.Object;
        var resourceVersion = ObjectMetadata.ResourceVersion(obj);
        ResourceEvent? change = null;
        var key = ObjectMetadata.Key(obj);
        switch (watchEvent.Type)
        {
            case WatchEventType.Added:
            case WatchEventType.Modified:
                var existed = store.TryGetValue(key, out var old);
                store[key] = obj;
                change = existed ? new ResourceEvent(ResourceEventType.Updated, obj, old) : new ResourceEvent(ResourceEventType.Added, obj);
                break;
            case WatchEventType.Deleted:
                store.TryRemove(key, out _);
                change = new ResourceEvent(ResourceEventType.Deleted, obj);
                break;
            case WatchEventType.Bookmark:
                break;
        }

        if (!string.IsNullOrEmpty(resourceVersion))
        {
            ResourceVersion = resourceVersion;
        }

        if (change is not null)
        {
            await DeliverAsync(change, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeliverAsync(ResourceEvent change, CancellationToken cancellationToken)
    {
        Func<ResourceEvent, CancellationToken, Task>[] current;
        lock (handlers)
        {
            current = [.. handlers];
        }

        foreach (var handler in current)
        {
            try
            {
                await handler(change, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                // A failing handler must not stop the informer or the other handlers.
                Report(ex);
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var ticks = options.InitialBackoff.Ticks * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        return TimeSpan.FromTicks((long)Math.Min(ticks, options.MaxBackoff.Ticks));
    }

    private void Report(Exception error)
    {
        try
        {
            ErrorOccurred?.Invoke(error);
        }
        catch (Exception)
        {
            // A broken error listener must not break the loop either.
        }
    }
}
