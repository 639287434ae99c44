namespace Memoize.Kubernetes;

/// <summary>The query of a watch call.</summary>
public sealed record WatchOptions
{
    // A dead TCP connection sends nothing: give up this long after the server should have closed the watch itself.
    private static readonly TimeSpan SilenceMargin = TimeSpan.FromSeconds(30);

    /// <summary>Start after this resourceVersion (usually the list's); null = start now with synthetic ADDED events.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Only objects matching this label selector, e.g. <c>workflows.argoproj.io/configmap-type=Cache</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only objects matching this field selector, e.g. <c>metadata.name=x</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Ask for BOOKMARK events so the resourceVersion keeps advancing while nothing changes.</summary>
    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>Ask the server to end the watch after this many seconds (the caller then watches again).</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>How long the stream may stay open before it is treated as dead: the server's timeout plus a margin; none without one.</summary>
    internal TimeSpan? SilenceLimit => TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) + SilenceMargin : null;

    /// <summary>The package's event type as ours (ERROR events never get here: they are thrown).</summary>
    internal static WatchEventType Translate(k8s.WatchEventType type) => type switch
    {
        k8s.WatchEventType.Added => WatchEventType.Added,
        k8s.WatchEventType.Modified => WatchEventType.Modified,
        k8s.WatchEventType.Deleted => WatchEventType.Deleted,
        k8s.WatchEventType.Bookmark => WatchEventType.Bookmark,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "a watch ERROR event is thrown, not delivered"),
    };
}
