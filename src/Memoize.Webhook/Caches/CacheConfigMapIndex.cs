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
    private readonly Dictionary<string, HashSet<CacheReference>> _byObject = new(StringComparer.Ordinal);
    private readonly Dictionary<CacheReference, int> _counts = [];
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
            return _counts.ContainsKey(new CacheReference(@namespace, name)) || _counts.ContainsKey(new CacheReference(null, name));
        }
    }

    /// <summary>An object was added or updated: its cache names replace the ones it had.</summary>
    public void Upsert(ArgoObject argoObject)
    {
        var references = ReferencesOf(argoObject);
        lock (_lock)
        {
            UpsertLocked(ObjectKey(argoObject), references);
        }
    }

    /// <summary>An object was deleted: its cache names no longer count.</summary>
    public void Remove(ArgoObject argoObject)
    {
        lock (_lock)
        {
            RemoveLocked(ObjectKey(argoObject));
        }
    }

    /// <summary>A full list arrived (first list or re-list after 410 Expired): the index becomes exactly these objects, and synced.</summary>
    public void Replace(IEnumerable<ArgoObject> argoObjects)
    {
        var all = argoObjects.Select(o => (Key: ObjectKey(o), References: ReferencesOf(o))).ToList();
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

    private void UpsertLocked(string objectKey, HashSet<CacheReference> references)
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

    private HashSet<CacheReference> ReferencesOf(ArgoObject argoObject)
    {
        var cacheNamespace = _policy.For(argoObject.Namespace);
        var references = new HashSet<CacheReference>();
        foreach (var block in MemoizeBlockLocator.Locate(argoObject))
        {
            // A templated name is only known at run time; an invalid one can never be a ConfigMap.
            if (block.CacheName is { } name && !name.Contains("{{", StringComparison.Ordinal) && ConfigMapName.IsValid(name))
            {
                references.Add(new CacheReference(cacheNamespace, name));
            }
        }

        return references;
    }

    private static string ObjectKey(ArgoObject argoObject) => $"{argoObject.Kind}/{argoObject.Namespace}/{argoObject.Name ?? argoObject.GenerateName}";

    // Namespace null: any namespace (a ClusterWorkflowTemplate in workflow mode).
    private readonly record struct CacheReference(string? Namespace, string Name);
}
