namespace Memoize.Kubernetes;

/// <summary>The type of a watch event; ERROR events are not delivered but thrown as typed exceptions.</summary>
public enum WatchEventType
{
    /// <summary>ADDED: the object was created (or is listed at the start of the watch).</summary>
    Added,

    /// <summary>MODIFIED: the object changed.</summary>
    Modified,

    /// <summary>DELETED: the object is gone; the event carries its last state.</summary>
    Deleted,

    /// <summary>BOOKMARK: nothing changed; only metadata.resourceVersion is meaningful (progress marker).</summary>
    Bookmark,
}
