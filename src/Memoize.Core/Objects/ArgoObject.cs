using System.Text.Json.Nodes;

namespace Memoize.Core.Objects;

/// <summary>
/// An object of one of the four Argo kinds that carry memoize blocks
/// (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow), kept as JSON.
/// </summary>
/// <param name="Kind">The kind, e.g. <c>Workflow</c>.</param>
/// <param name="Name">metadata.name, or null when only generateName is set.</param>
/// <param name="GenerateName">metadata.generateName, when set.</param>
/// <param name="Namespace">metadata.namespace; null for ClusterWorkflowTemplate or when absent.</param>
/// <param name="Root">The whole object. Never round-tripped through C# classes, so unknown fields survive.</param>
public sealed record ArgoObject(string Kind, string? Name, string? GenerateName, string? Namespace, JsonObject Root)
{
    /// <summary>The name to show a person: the name, else the generateName prefix.</summary>
    public string DisplayName => Name ?? GenerateName ?? "";

    /// <summary>Returns the Argo object when <paramref name="document"/> is one of the four kinds in the argoproj.io group; otherwise null.</summary>
    public static ArgoObject? TryFrom(JsonNode? document) => throw new NotImplementedException("issue 2");
}
