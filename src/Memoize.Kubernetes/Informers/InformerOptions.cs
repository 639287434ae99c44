namespace Memoize.Kubernetes.Informers;

/// <summary>Tuning of a <see cref="ResourceInformer"/>.</summary>
public sealed record InformerOptions
{
    /// <summary>kube-apiserver's and client-go's page size: large enough for few round trips, small enough that one page is never a memory spike.</summary>
    public const int DefaultPageSize = 500;

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
