using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>A Workflow's nodes as read, and where they were kept.</summary>
/// <param name="Storage">Plain, compressed, offloaded, or none.</param>
/// <param name="Nodes">The nodes map (node ID to NodeStatus JSON), detached from the Workflow: edit it freely.</param>
/// <param name="Problem">Why the nodes cannot be seen (offloaded, unreadable compressedNodes); null when they can.</param>
public sealed record WorkflowNodeSet(NodeStatusStorage Storage, JsonObject Nodes, string? Problem)
{
    /// <summary>Every node, as views, in map order.</summary>
    public IReadOnlyList<WorkflowNode> All =>
        Nodes.Where(pair => pair.Value is JsonObject).Select(pair => new WorkflowNode(pair.Key, (JsonObject)pair.Value!)).ToList();

    /// <summary>The node with this ID, or null.</summary>
    public WorkflowNode? Find(string id) => Nodes[id] is JsonObject json ? new WorkflowNode(id, json) : null;
}
