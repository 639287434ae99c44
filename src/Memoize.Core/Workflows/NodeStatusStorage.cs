namespace Memoize.Core.Workflows;

/// <summary>Where a Workflow keeps its node statuses.</summary>
public enum NodeStatusStorage
{
    /// <summary>No nodes yet.</summary>
    None,

    /// <summary>In <c>status.nodes</c>.</summary>
    Plain,

    /// <summary>In <c>status.compressedNodes</c>: base64 of gzip of the JSON nodes map. Written back the same way.</summary>
    Compressed,

    /// <summary>Offloaded to Argo's database (<c>status.offloadNodeStatusVersion</c> set, nodes empty): not visible through the API.</summary>
    Offloaded,
}
