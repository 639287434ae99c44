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

    /// <summary>True for WorkflowTemplate and ClusterWorkflowTemplate, whose workflow parameters may be given at submission.</summary>
    public bool IsTemplate => Kind is ArgoKind.WorkflowTemplate or ArgoKind.ClusterWorkflowTemplate;

    /// <summary>Field path of the workflow spec: <c>spec</c>, or <c>spec.workflowSpec</c> for a CronWorkflow.</summary>
    public string WorkflowSpecPath => Kind == ArgoKind.CronWorkflow ? "spec.workflowSpec" : "spec";

    /// <summary>The workflow spec (templates, templateDefaults, arguments), or null when absent or not an object.</summary>
    public JsonObject? WorkflowSpec => Kind == ArgoKind.CronWorkflow
        ? Root["spec"] is JsonObject spec ? spec["workflowSpec"] as JsonObject : null
        : Root["spec"] as JsonObject;

    /// <summary>Returns the Argo object when <paramref name="document"/> is one of the four kinds in the argoproj.io group; otherwise null.</summary>
    public static ArgoObject? TryFrom(JsonNode? document)
    {
        if (document is not JsonObject root)
        {
            return null;
        }

        var apiVersion = StringAt(root, "apiVersion");
        var kind = StringAt(root, "kind");
        if (apiVersion is null || kind is null || !ArgoKind.All.Contains(kind, StringComparer.Ordinal))
        {
            return null;
        }

        // apiVersion is "<group>/<version>"; a bare version means the core group.
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        if (group != ArgoKind.Group)
        {
            return null;
        }

        var metadata = root["metadata"] as JsonObject;
        var ns = kind == ArgoKind.ClusterWorkflowTemplate ? null : StringAt(metadata, "namespace");
        return new ArgoObject(kind, StringAt(metadata, "name"), StringAt(metadata, "generateName"), ns, root);
    }

    private static string? StringAt(JsonObject? parent, string property) =>
        parent?[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
