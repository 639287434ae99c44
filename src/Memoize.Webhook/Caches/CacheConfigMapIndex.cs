using Memoize.Core.Cache;
using Memoize.Core.Keys;
using Memoize.Core.Objects;

namespace Memoize.Webhook.Caches;

/// <summary>
/// The thread-safe index of cache ConfigMap names, fed by add, update and delete events of Argo objects (an
/// informer feeds it in the cluster). A name counts while at least one object names it.
/// </summary>
public sealed class CacheConfigMapIndex : ICacheConfigMapIndex
{
    private readonly CacheNamespacePolicy _policy;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IReadOnlyList<CacheConfigMapReference>> _byObject = new(StringComparer.Ordinal);
    private readonly Dictionary<CacheConfigMapReference, int> _counts = [];
    private volatile bool _synced;

    /// <summary>Creates an empty, not yet synced index.</summary>
    public CacheConfigMapIndex(CacheNamespacePolicy policy)
    {
        _policy = policy;
    }

    /// <inheritdoc />
    public bool IsSynced => _synced;

    /// <inheritdoc />
    public bool IsNamedCache(string @namespace, string name)
    {
        lock (_lock)
        {
            return _counts.ContainsKey(new CacheConfigMapReference(@namespace, name)) || _counts.ContainsKey(new CacheConfigMapReference(null, name));
        }
    }

    /// <summary>What the index keeps of <paramref name="argoObject"/>: its identity and the fixed cache names it uses (the informer's transform).</summary>
    public IndexedArgoObject Describe(ArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        return new IndexedArgoObject(argoObject.Kind, argoObject.Namespace, argoObject.Name ?? argoObject.GenerateName ?? "", ReferencesOf(argoObject));
    }

    /// <summary>An object was added or updated: its cache names replace the ones it had.</summary>
    public void Upsert(ArgoObject argoObject) => Upsert(Describe(argoObject));

    /// <summary>An object, already described, was added or updated: its cache names replace the ones it had.</summary>
    public void Upsert(IndexedArgoObject indexed)
    {
        ArgumentNullException.ThrowIfNull(indexed);
        lock (_lock)
        {
            UpsertLocked(indexed.Key, indexed.CacheConfigMaps);
        }
    }

    /// <summary>An object was deleted: its cache names no longer count.</summary>
    public void Remove(ArgoObject argoObject) => Remove(Describe(argoObject));

    /// <summary>An object, already described, was deleted: its cache names no longer count.</summary>
    public void Remove(IndexedArgoObject indexed)
    {
        ArgumentNullException.ThrowIfNull(indexed);
        lock (_lock)
        {
            RemoveLocked(indexed.Key);
        }
    }

    /// <summary>A full list arrived (first list or re-list after 410 Expired): the index becomes exactly these objects, and synced.</summary>
    public void Replace(IEnumerable<ArgoObject> argoObjects)
    {
        var all = argoObjects.Select(Describe).Select(o => (o.Key, References: o.CacheConfigMaps)).ToList();
        lock (_lock)
        {
            _byObject.Clear();
            _counts.Clear();
            foreach (var (key, references) in all)
            {
                UpsertLocked(key, references);
            }
        }

        _synced = true;
    }

    /// <summary>Marks the index synced without a list (e.g. an informer that reports sync separately).</summary>
    public void MarkSynced() => _synced = true;

    private void UpsertLocked(string objectKey, IReadOnlyList<CacheConfigMapReference> references)
    {
        RemoveLocked(objectKey);
        if (references.Count == 0)
        {
            return;
        }

        _byObject[objectKey] = references;
        foreach (var reference in references)
        {
            _counts[reference] = _counts.GetValueOrDefault(reference) + 1;
        }
    }

    private void RemoveLocked(string objectKey)
    {
        if (!_byObject.Remove(objectKey, out var old))
        {
            return;
        }

        foreach (var reference in old)
        {
            var count = _counts.GetValueOrDefault(reference) - 1;
            if (count <= 0)
            {
                _counts.Remove(reference);
            }
            else
            {
                _counts[reference] = count;
            }
        }
    }

    // An array, not a set: most objects name one or two caches, and this is all the index keeps of each object.
    private CacheConfigMapReference[] ReferencesOf(ArgoObject argoObject)
    {
        var cacheNamespace = _policy.For(argoObject.Namespace);
        var references = new HashSet<CacheConfigMapReference>();
        foreach (var block in MemoizeBlockLocator.Locate(argoObject))
        {
            // A templated name is only known at run time; an invalid one can never be a ConfigMap.
            if (block.CacheName is { } name && !name.Contains("{{", StringComparison.Ordinal) && ConfigMapName.IsValid(name))
            {
                references.Add(new CacheConfigMapReference(cacheNamespace, name));
            }
        }

        return references.Count == 0 ? [] : [.. references];
    }
}
