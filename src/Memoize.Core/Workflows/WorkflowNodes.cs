using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>Reads a Workflow's nodes wherever Argo keeps them, and writes edited nodes back the same way.</summary>
public static class WorkflowNodes
{
    /// <summary>
    /// Reads <c>status.nodes</c>, else decodes <c>status.compressedNodes</c>; reports offloaded nodes
    /// (<c>status.offloadNodeStatusVersion</c> set and no nodes) with a problem text to show once.
    /// </summary>
    public static WorkflowNodeSet Read(JsonObject workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var status = workflow["status"] as JsonObject;
        if (status?["nodes"] is JsonObject { Count: > 0 } nodes)
        {
            return new WorkflowNodeSet(NodeStatusStorage.Plain, (JsonObject)nodes.DeepClone(), null);
        }

        if (JsonFields.String(status?["compressedNodes"]) is { Length: > 0 } compressed)
        {
            return CompressedNodes.TryDecode(compressed, out var decoded, out var error)
                ? new WorkflowNodeSet(NodeStatusStorage.Compressed, decoded, null)
                : new WorkflowNodeSet(NodeStatusStorage.Compressed, [], $"{Describe(workflow)}: {error}");
        }

        if (JsonFields.String(status?["offloadNodeStatusVersion"]) is { Length: > 0 } version)
        {
            return new WorkflowNodeSet(NodeStatusStorage.Offloaded, [],
                $"{Describe(workflow)} has its node status offloaded to Argo's database (offloadNodeStatusVersion {version}); " +
                "its nodes cannot be seen through the Kubernetes API, so memoization is not checked for it");
        }

        return new WorkflowNodeSet(NodeStatusStorage.None, [], null);
    }

    /// <summary>
    /// A copy of <paramref name="workflow"/> with the given nodes (whole NodeStatus objects, matched by id) put back
    /// where they came from: into status.nodes, or re-encoded into status.compressedNodes. Every other field is kept.
    /// </summary>
    public static JsonObject WithNodes(JsonObject workflow, IEnumerable<JsonObject> editedNodes)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(editedNodes);
        var read = Read(workflow);
        if (read.Problem is not null || read.Storage is NodeStatusStorage.Offloaded)
        {
            throw new InvalidOperationException(read.Problem ?? "the workflow's nodes are offloaded");
        }

        var nodes = read.Nodes;
        foreach (var edited in editedNodes)
        {
            var id = JsonFields.String(edited["id"])
                ?? throw new ArgumentException("an edited node has no id", nameof(editedNodes));
            nodes[id] = edited.DeepClone();
        }

        var copy = (JsonObject)workflow.DeepClone();
        if (copy["status"] is not JsonObject status)
        {
            status = [];
            copy["status"] = status;
        }

        if (read.Storage == NodeStatusStorage.Compressed)
        {
            status["compressedNodes"] = CompressedNodes.Encode(nodes);
        }
        else
        {
            status["nodes"] = nodes;
        }

        return copy;
    }

    /// <summary>How a Workflow is named in messages: <c>Workflow ns/name</c>.</summary>
    internal static string Describe(JsonObject workflow)
    {
        var name = JsonFields.String(JsonFields.At(workflow, "metadata", "name")) ?? "";
        var ns = JsonFields.String(JsonFields.At(workflow, "metadata", "namespace"));
        return ns is null ? $"Workflow {name}" : $"Workflow {ns}/{name}";
    }
}
