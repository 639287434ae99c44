namespace Memoize.Kubernetes.Informers;

/// <summary>What an informer needs of one kind: paged lists, watches, and each object's key and resourceVersion.</summary>
/// <typeparam name="TObject">How objects of the kind are read: JSON for the Argo kinds, the package's typed object for core kinds.</typeparam>
public interface IResourceSource<TObject>
    where TObject : class
{
    /// <summary>The resource's plural, for messages, e.g. <c>workflows</c>.</summary>
    string Plural { get; }

    /// <summary>Lists one page (<paramref name="limit"/> null: everything at once) in a namespace (all when null).</summary>
    /// <exception cref="Errors.ExpiredException">The continue token is too old (compacted): start the list again.</exception>
    Task<ResourcePage<TObject>> ListPageAsync(string? @namespace, string? labelSelector, int? limit, string? continueToken, CancellationToken cancellationToken);

    /// <summary>Watches a namespace (all when null) from <see cref="WatchOptions.ResourceVersion"/>.</summary>
    IAsyncEnumerable<WatchEvent<TObject>> WatchAsync(string? @namespace, WatchOptions options, CancellationToken cancellationToken);

    /// <summary>The store key (<c>namespace/name</c>, or <c>name</c> when cluster-scoped) and the resourceVersion of <paramref name="obj"/>.</summary>
    (string Key, string? ResourceVersion) Identify(TObject obj);
}
