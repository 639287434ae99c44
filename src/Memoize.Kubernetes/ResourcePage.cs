namespace Memoize.Kubernetes;

/// <summary>One answer to a list call: the objects and the list's resourceVersion (where a watch starts).</summary>
/// <param name="Items">The objects (Argo objects with apiVersion and kind filled in).</param>
/// <param name="ResourceVersion">The list's metadata.resourceVersion.</param>
public sealed record ResourcePage<TObject>(IReadOnlyList<TObject> Items, string ResourceVersion)
{
    /// <summary>The list's metadata.continue: the token for the next page, or null on the last (or only) page.</summary>
    public string? Continue { get; init; }
}
