namespace Memoize.Kubernetes;

/// <summary>The query of a watch call.</summary>
public sealed record WatchOptions
{
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
}
