namespace Memoize.Kubernetes.Informers;

/// <summary>Tuning of a <see cref="ResourceInformer"/>.</summary>
public sealed record InformerOptions
{
    /// <summary>
    /// The list page: 100 objects, not client-go's 500. A page is read and parsed whole before the informer's transform
    /// runs, and what it was read into stays pooled: 500 finished Workflows of 32 KiB left the webhook 124 MiB of heap
    /// against its 256 MiB limit, 100 leave 32-64 MiB (docs/performance.md), and Argo Workflows or cache ConfigMaps can
    /// be far larger. A smaller page costs only round trips while an informer syncs (10,000 objects: 100 lists, not 20).
    /// </summary>
    public const int DefaultPageSize = 100;

    /// <summary>How many objects each list page asks for (<c>limit</c>); 0 lists everything in one request.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>How long each watch request lasts before the server ends it and the informer watches again.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait after the first failure (list failed, stream dropped); doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How to wait (tests inject one that does not sleep).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
