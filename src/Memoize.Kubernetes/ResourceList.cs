using System.Text.Json.Nodes;

namespace Memoize.Kubernetes;

/// <summary>The answer to a list call: the objects and the list's resourceVersion (where a watch starts).</summary>
/// <param name="Items">The objects, each with apiVersion and kind filled in.</param>
/// <param name="ResourceVersion">The list's metadata.resourceVersion.</param>
public sealed record ResourceList(IReadOnlyList<JsonObject> Items, string ResourceVersion)
{
    /// <summary>The list's metadata.continue: the token for the next page, or null on the last (or only) page.</summary>
    public string? Continue { get; init; }
}
