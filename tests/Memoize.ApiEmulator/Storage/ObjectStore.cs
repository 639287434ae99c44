using System.Globalization;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Storage;

/// <summary>
/// The emulator's etcd: every object of every kind, one global resourceVersion counter that strictly increases
/// across all kinds, a bounded history of writes for watches, and the open watches themselves.
/// All writes and watch registrations happen under one lock, so watches see writes in revision order.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, StoredObject>> objects = [];
    private readonly LinkedList<StoredChange> history = new();
    private readonly List<WatchSubscription> watches = [];
    private readonly HashSet<string> heldResources = new(StringComparer.Ordinal);
    private readonly int historyLimit;
    private long revision;
    private long compactedRevision;

    /// <summary>Creates an empty store keeping at most <paramref name="historyLimit"/> writes for watches.</summary>
    public ObjectStore(int historyLimit)
    {
        this.historyLimit = Math.Max(1, historyLimit);
    }

    /// <summary>The latest revision (the resourceVersion of the last write).</summary>
    public long Revision
    {
        get
        {
            lock (gate)
            {
                return revision;
            }
        }
    }

    /// <summary>The revision up to which history was dropped; watches from older revisions get 410 Expired.</summary>
    public long CompactedRevision
    {
        get
        {
            lock (gate)
            {
                return compactedRevision;
            }
        }
    }

    /// <summary>The number of open watches.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (gate)
            {
                return watches.Count;
            }
        }
    }

    /// <summary>The object, or null.</summary>
    public StoredObject? Get(ResourceType type, string? @namespace, string name)
    {
        lock (gate)
        {
            return Bucket(type).GetValueOrDefault(StoredObject.StoreKey(@namespace, name));
        }
    }

    /// <summary>All objects of <paramref name="type"/> (in one namespace when given), in key order, and the current revision.</summary>
    public (IReadOnlyList<StoredObject> Items, long Revision) List(ResourceType type, string? @namespace)
    {
        lock (gate)
        {
            var items = Bucket(type).Values
                .Where(o => string.IsNullOrEmpty(@namespace) || o.Namespace == @namespace)
                .ToList();
            return (items, revision);
        }
    }

    /// <summary>
    /// All objects of <paramref name="type"/> as they were at <paramref name="atRevision"/> (the consistent snapshot a
    /// continued list reads, like etcd's read at a revision), in key order; null when that revision was compacted away.
    /// </summary>
    public IReadOnlyList<StoredObject>? ListAt(ResourceType type, string? @namespace, long atRevision)
    {
        lock (gate)
        {
            if (atRevision < compactedRevision)
            {
                return null;
            }
            var snapshot = new SortedDictionary<string, StoredObject>(Bucket(type), StringComparer.Ordinal);

            // Undo every later write of this kind, newest first: history holds each write's previous state.
            for (var node = history.Last; node is not null && node.Value.ResourceVersion > atRevision; node = node.Previous)
            {
                var change = node.Value;
                if (change.Current.Type != type)
                {
                    continue;
                }
                if (change.Previous is null)
                {
                    snapshot.Remove(change.Current.Key);
                }
                else
                {
                    snapshot[change.Previous.Key] = change.Previous;
                }
            }
            return snapshot.Values.Where(o => string.IsNullOrEmpty(@namespace) || o.Namespace == @namespace).ToList();
        }
    }

    /// <summary>Stores a new object, stamping the next resourceVersion; throws AlreadyExists when the name is taken.</summary>
    public StoredObject Create(ResourceType type, JsonObject obj)
    {
        lock (gate)
        {
            var bucket = Bucket(type);
            var (ns, name) = NameOf(obj);
            if (bucket.ContainsKey(StoredObject.StoreKey(ns, name)))
            {
                throw ApiError.AlreadyExists(type, name);
            }
            var stored = Stamp(type, obj, ++revision);
            bucket[stored.Key] = stored;
            Record(new StoredChange(revision, "ADDED", stored, null));
            return stored;
        }
    }

    /// <summary>
    /// Replaces an object if it still has <paramref name="expectedResourceVersion"/>; returns null when it changed
    /// or vanished in the meantime (the caller decides between Conflict and a retry).
    /// </summary>
    public StoredObject? Replace(ResourceType type, JsonObject obj, long expectedResourceVersion)
    {
        lock (gate)
        {
            var bucket = Bucket(type);
            var (ns, name) = NameOf(obj);
            if (!bucket.TryGetValue(StoredObject.StoreKey(ns, name), out var current) || current.ResourceVersion != expectedResourceVersion)
            {
                return null;
            }
            var stored = Stamp(type, obj, ++revision);
            bucket[stored.Key] = stored;
            Record(new StoredChange(revision, "MODIFIED", stored, current));
            return stored;
        }
    }

    /// <summary>
    /// Removes an object if it still has <paramref name="expectedResourceVersion"/>; returns its last state at the
    /// deletion revision (what the DELETED event carries), or null when it changed or vanished.
    /// </summary>
    public StoredObject? Remove(ResourceType type, string? @namespace, string name, long expectedResourceVersion)
    {
        lock (gate)
        {
            var bucket = Bucket(type);
            var key = StoredObject.StoreKey(@namespace, name);
            if (!bucket.TryGetValue(key, out var current) || current.ResourceVersion != expectedResourceVersion)
            {
                return null;
            }
            bucket.Remove(key);
            var final = Stamp(type, current.ToJson(), ++revision);
            Record(new StoredChange(revision, "DELETED", final, current));
            return final;
        }
    }

    /// <summary>
    /// Opens a watch. With no <paramref name="fromResourceVersion"/> (absent or "0") it first sees a synthetic ADDED
    /// for every existing object; otherwise it replays history after that revision, or gets one 410 ERROR event when
    /// that history was compacted.
    /// </summary>
    public WatchSubscription Watch(ResourceType type, Func<StoredObject, bool> matches, long? fromResourceVersion, bool allowBookmarks)
    {
        var watch = new WatchSubscription(type, matches, allowBookmarks);
        lock (gate)
        {
            if (fromResourceVersion is null)
            {
                foreach (var obj in Bucket(type).Values)
                {
                    watch.OfferExisting(obj);
                }
                watch.LastResourceVersion = revision;
            }
            else if (fromResourceVersion < compactedRevision)
            {
                watch.Expire(TooOldMessage(fromResourceVersion.Value));
                return watch;
            }
            else
            {
                watch.LastResourceVersion = fromResourceVersion.Value;
                foreach (var change in history.Where(c => c.ResourceVersion > fromResourceVersion))
                {
                    watch.Offer(change);
                }
            }
            if (heldResources.Contains(type.Plural))
            {
                watch.Hold(); // what it replayed above still goes out: only later events lag
            }
            watches.Add(watch);
        }
        return watch;
    }

    /// <summary>Forgets a watch whose HTTP response has ended.</summary>
    public void Unwatch(WatchSubscription watch)
    {
        lock (gate)
        {
            watches.Remove(watch);
        }
    }

    /// <summary>
    /// Drops all history up to now, like an etcd compaction: new watches from older revisions get 410 Expired,
    /// and every open watch is ended with the same ERROR event so its client must re-list.
    /// </summary>
    public void Compact()
    {
        lock (gate)
        {
            compactedRevision = revision;
            history.Clear();
            foreach (var watch in watches)
            {
                watch.Expire(TooOldMessage(watch.LastResourceVersion));
            }
            watches.Clear();
        }
    }

    /// <summary>Sends a BOOKMARK with the current revision to every open watch that allowed bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.OfferBookmark(revision);
            }
        }
    }

    /// <summary>Ends every open watch stream now (reset when <paramref name="abort"/>, else a clean end of stream).</summary>
    public void DropWatches(bool abort)
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.End(abort);
            }
            watches.Clear();
        }
    }

    /// <summary>
    /// Holds back the events of every watch on <paramref name="resource"/> (open ones and ones opened later) until
    /// <see cref="ReleaseWatchEvents"/>: writes are stored and readable, but watchers see them late.
    /// </summary>
    public void HoldWatchEvents(string resource)
    {
        lock (gate)
        {
            heldResources.Add(resource);
            foreach (var watch in watches.Where(w => w.Type.Plural == resource))
            {
                watch.Hold();
            }
        }
    }

    /// <summary>Delivers every held event of <paramref name="resource"/>, in order, and stops holding.</summary>
    public void ReleaseWatchEvents(string resource)
    {
        lock (gate)
        {
            heldResources.Remove(resource);
            foreach (var watch in watches.Where(w => w.Type.Plural == resource))
            {
                watch.Release();
            }
        }
    }

    private string TooOldMessage(long requested) =>
        string.Create(CultureInfo.InvariantCulture, $"too old resource version: {requested} ({compactedRevision})");

    private void Record(StoredChange change)
    {
        history.AddLast(change);
        while (history.Count > historyLimit)
        {
            compactedRevision = history.First!.Value.ResourceVersion;
            history.RemoveFirst();
        }
        foreach (var watch in watches)
        {
            watch.Offer(change);
        }
    }

    private SortedDictionary<string, StoredObject> Bucket(ResourceType type)
    {
        if (!objects.TryGetValue(type, out var bucket))
        {
            bucket = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            objects[type] = bucket;
        }
        return bucket;
    }

    private static (string Namespace, string Name) NameOf(JsonObject obj)
    {
        var metadata = WireJson.GetObject(obj, "metadata");
        return (WireJson.GetString(metadata, "namespace") ?? "", WireJson.GetString(metadata, "name") ?? "");
    }

    private static StoredObject Stamp(ResourceType type, JsonObject obj, long resourceVersion)
    {
        var copy = WireJson.Clone(obj);
        WireJson.Metadata(copy)["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
        return StoredObject.From(type, ObjectLayout.Arrange(type, copy), resourceVersion);
    }
}
