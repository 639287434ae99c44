using System.Collections.Concurrent;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Informers;

/// <summary>
/// Keeps an in-memory copy of one resource type in sync with the API server, storing for each object only what a
/// transform makes of it: lists in pages (<see cref="InformerOptions.PageSize"/>, <c>limit</c>/<c>continue</c>), then
/// watches from the list's resourceVersion (with bookmarks); re-lists when the server answers 410 Expired (a stale
/// continue token starts the list again), delivering the differences as Added/Updated/Deleted; reconnects from the
/// last resourceVersion after a dropped stream, backing off after failures. Each object is transformed as soon as its
/// page or event arrives, so the server's JSON is never held longer than one page.
/// Handlers run one at a time, in the order the changes happened.
/// </summary>
/// <typeparam name="TObject">How the source reads objects (JSON for the Argo kinds, the package's typed object for core kinds).</typeparam>
/// <typeparam name="T">What the store keeps of each object.</typeparam>
public class ResourceInformer<TObject, T>
    where TObject : class
    where T : class
{
    // After this many lists that each lost their continue token to a compaction, list in one request (as client-go's pager does).
    private const int PagedListAttempts = 3;

    private readonly IResourceSource<TObject> source;
    private readonly Func<TObject, T> transform;
    private readonly InformerOptions options;
    private readonly ConcurrentDictionary<string, Entry> store = new(StringComparer.Ordinal);
    private readonly List<Func<ResourceEvent<T>, CancellationToken, Task>> handlers = [];
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;

    /// <summary>
    /// An informer for what <paramref name="source"/> lists and watches in <paramref name="namespace"/> (all namespaces when
    /// null), optionally filtered by a label selector, keeping <paramref name="transform"/> of each object (it may keep the object itself).
    /// </summary>
    public ResourceInformer(IResourceSource<TObject> source, Func<TObject, T> transform, string? @namespace = null, string? labelSelector = null, InformerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(transform);
        this.source = source;
        this.transform = transform;
        Namespace = @namespace;
        LabelSelector = labelSelector;
        this.options = options ?? new InformerOptions();
    }

    /// <summary>Raised (on the informer's loop) when a list, a watch, a transform or a handler fails; the informer carries on.</summary>
    public event Action<Exception>? ErrorOccurred;

    /// <summary>The resource's plural, e.g. <c>workflows</c>.</summary>
    public string Plural => source.Plural;

    /// <summary>The namespace watched; null = all.</summary>
    public string? Namespace { get; }

    /// <summary>The label selector, when filtered.</summary>
    public string? LabelSelector { get; }

    /// <summary>Completes once the first list is in the store and its Added events were handled.</summary>
    public Task Synced => synced.Task;

    /// <summary>The last resourceVersion seen (list, event or bookmark); a reconnect watches from here.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>The number of objects stored.</summary>
    public int Count => store.Count;

    /// <summary>Adds a handler; add handlers before <see cref="RunAsync"/> to see every event.</summary>
    public void AddHandler(Func<ResourceEvent<T>, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (handlers)
        {
            handlers.Add(handler);
        }
    }

    /// <summary>The stored value, or null. Shared with the informer: do not change it.</summary>
    public T? TryGet(string? @namespace, string name) =>
        store.TryGetValue(ObjectMetadata.KeyOf(@namespace, name), out var entry) ? entry.Value : null;

    /// <summary>A snapshot of every stored value.</summary>
    public IReadOnlyList<T> List() => store.Values.Select(entry => entry.Value).ToList();

    /// <summary>A snapshot of every store key (<c>namespace/name</c>, or <c>name</c> for cluster-scoped objects).</summary>
    public IReadOnlyList<string> Keys() => store.Keys.ToList();

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
        var (listed, resourceVersion) = await ListAllAsync(cancellationToken).ConfigureAwait(false);
        var changes = new List<ResourceEvent<T>>();
        foreach (var (key, entry) in listed)
        {
            if (!store.TryGetValue(key, out var old))
            {
                changes.Add(new ResourceEvent<T>(ResourceEventType.Added, key, entry.Value));
            }
            else if (old.ResourceVersion != entry.ResourceVersion)
            {
                changes.Add(new ResourceEvent<T>(ResourceEventType.Updated, key, entry.Value, old.Value));
            }
        }

        foreach (var (key, old) in store)
        {
            if (!listed.ContainsKey(key))
            {
                changes.Add(new ResourceEvent<T>(ResourceEventType.Deleted, key, old.Value));
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
                store[change.Key] = listed[change.Key];
            }
        }

        ResourceVersion = resourceVersion;
        foreach (var change in changes)
        {
            await DeliverAsync(change, cancellationToken).ConfigureAwait(false);
        }

        synced.TrySetResult();
    }

    // Reads every page of one consistent list, transforming each page's objects before asking for the next.
    private async Task<(Dictionary<string, Entry> Listed, string ResourceVersion)> ListAllAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var paged = options.PageSize > 0 && attempt <= PagedListAttempts;
            var listed = new Dictionary<string, Entry>(StringComparer.Ordinal);
            string? continueToken = null;
            string? resourceVersion = null;
            try
            {
                do
                {
                    var page = await source.ListPageAsync(Namespace, LabelSelector, paged ? options.PageSize : null, continueToken, cancellationToken).ConfigureAwait(false);
                    resourceVersion ??= page.ResourceVersion;
                    foreach (var item in page.Items)
                    {
                        if (TryTransform(item) is { } value)
                        {
                            var (key, itemVersion) = source.Identify(item);
                            listed[key] = new Entry(value, itemVersion);
                        }
                    }

                    continueToken = page.Continue;
                }
                while (continueToken is not null);

                return (listed, resourceVersion ?? "");
            }
            catch (ExpiredException) when (continueToken is not null)
            {
                // The list's revision was compacted between two pages: its rest would not be consistent, so start it again.
            }
        }
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
        await foreach (var watchEvent in source.WatchAsync(Namespace, watch, cancellationToken).ConfigureAwait(false))
        {
            received++;
            await ApplyAsync(watchEvent, cancellationToken).ConfigureAwait(false);
        }

        return received;
    }

    private async Task ApplyAsync(WatchEvent<TObject> watchEvent, CancellationToken cancellationToken)
    {
        var obj = watchEvent.Object;
        var (key, resourceVersion) = source.Identify(obj);
        ResourceEvent<T>? change = null;
        if (watchEvent.Type != WatchEventType.Bookmark)
        {
            var value = TryTransform(obj);
            var existed = store.TryGetValue(key, out var old);
            if (watchEvent.Type == WatchEventType.Deleted || value is null)
            {
                // An object the transform cannot read is treated as gone rather than kept stale.
                store.TryRemove(key, out _);
                var last = value ?? (existed ? old.Value : null);
                change = last is null ? null : new ResourceEvent<T>(ResourceEventType.Deleted, key, last);
            }
            else
            {
                store[key] = new Entry(value, resourceVersion);
                change = existed
                    ? new ResourceEvent<T>(ResourceEventType.Updated, key, value, old.Value)
                    : new ResourceEvent<T>(ResourceEventType.Added, key, value);
            }
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

    private T? TryTransform(TObject obj)
    {
        try
        {
            return transform(obj);
        }
        catch (Exception ex)
        {
            // One unreadable object must not stop the informer from keeping the others.
            Report(ex);
            return null;
        }
    }

    private async Task DeliverAsync(ResourceEvent<T> change, CancellationToken cancellationToken)
    {
        Func<ResourceEvent<T>, CancellationToken, Task>[] current;
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

    // The stored value with the resourceVersion it came from (a re-list reports Updated only when that changed).
    private readonly record struct Entry(T Value, string? ResourceVersion);
}
