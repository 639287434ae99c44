namespace Memoize.Kubernetes;

/// <summary>One event of a watch stream.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object (for a bookmark, only its kind and metadata.resourceVersion).</param>
public sealed record WatchEvent<TObject>(WatchEventType Type, TObject Object);
