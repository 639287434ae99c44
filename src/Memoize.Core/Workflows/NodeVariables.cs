using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>The template variables known for one node, for substituting its memoize key, cache name and maxAge.</summary>
public static class NodeVariables
{
    /// <summary>
    /// <c>inputs.parameters.&lt;name&gt;</c> from the node's resolved inputs; <c>workflow.parameters.&lt;name&gt;</c> from
    /// spec.arguments (then status.storedWorkflowTemplateSpec.arguments); <c>workflow.name</c>, <c>workflow.namespace</c>,
    /// <c>workflow.uid</c>, <c>workflow.serviceAccountName</c>, <c>workflow.labels.&lt;key&gt;</c>,
    /// <c>workflow.annotations.&lt;key&gt;</c>; and <c>node.name</c>. Variables whose value cannot be known for sure
    /// from the Workflow object (e.g. <c>item</c>, <c>pod.name</c>) are left out, so they stay unresolved
    /// rather than produce a wrong key.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(JsonObject workflow, WorkflowNode node)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(node);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadata = workflow["metadata"] as JsonObject;
        var spec = workflow["spec"] as JsonObject;

        AddIfPresent(values, "workflow.name", JsonFields.String(metadata?["name"]));
        AddIfPresent(values, "workflow.namespace", JsonFields.String(metadata?["namespace"]));
        AddIfPresent(values, "workflow.uid", JsonFields.String(metadata?["uid"]));
        AddIfPresent(values, "workflow.serviceAccountName", JsonFields.String(spec?["serviceAccountName"]));
        AddMap(values, "workflow.labels.", metadata?["labels"] as JsonObject);
        AddMap(values, "workflow.annotations.", metadata?["annotations"] as JsonObject);

        // Stored spec first, so the Workflow's own arguments override it, as Argo merges them.
        AddParameters(values, "workflow.parameters.", JsonFields.At(workflow, "status", "storedWorkflowTemplateSpec", "arguments", "parameters"));
        AddParameters(values, "workflow.parameters.", JsonFields.At(spec, "arguments", "parameters"));
        AddParameters(values, "inputs.parameters.", node.Inputs?["parameters"]);
        AddIfPresent(values, "node.name", node.Name.Length > 0 ? node.Name : null);
        return values;
    }

    private static void AddIfPresent(Dictionary<string, string> values, string name, string? value)
    {
        if (value is not null)
        {
            values[name] = value;
        }
    }

    private static void AddMap(Dictionary<string, string> values, string prefix, JsonObject? map)
    {
        foreach (var (key, value) in map ?? [])
        {
            AddIfPresent(values, prefix + key, JsonFields.String(value));
        }
    }

    private static void AddParameters(Dictionary<string, string> values, string prefix, JsonNode? parameters)
    {
        foreach (var parameter in (parameters as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (JsonFields.String(parameter["name"]) is { } name)
            {
                AddIfPresent(values, prefix + name, JsonFields.Scalar(parameter["value"]));
            }
        }
    }
}
