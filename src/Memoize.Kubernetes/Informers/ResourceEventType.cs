namespace Memoize.Kubernetes.Informers;

/// <summary>What happened to an object, as an informer reports it.</summary>
public enum ResourceEventType
{
    /// <summary>The object appeared (listed or created).</summary>
    Added,

    /// <summary>The object changed (a new resourceVersion).</summary>
    Updated,

    /// <summary>The object is gone.</summary>
    Deleted,
}
