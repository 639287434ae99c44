using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>A read-only view over one entry of a Workflow's <c>status.nodes</c>; the JSON itself is never rewritten here.</summary>
public sealed class WorkflowNode
{
    /// <summary>The phases after which a node does not change any more.</summary>
    public static readonly IReadOnlySet<string> FinishedPhases =
        new HashSet<string>(StringComparer.Ordinal) { "Succeeded", "Failed", "Error", "Skipped", "Omitted" };

    /// <summary>Wraps <paramref name="json"/>; <paramref name="mapKey"/> is its key in status.nodes, used when the node has no <c>id</c>.</summary>
    public WorkflowNode(string mapKey, JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Json = json;
        Id = JsonFields.String(json["id"]) ?? mapKey;
    }

    /// <summary>The node's JSON, as found in the Workflow.</summary>
    public JsonObject Json { get; }

    /// <summary>The node ID (the map key in status.nodes).</summary>
    public string Id { get; }

    /// <summary>The node's full name, e.g. <c>my-wf[0].step</c>.</summary>
    public string Name => JsonFields.String(Json["name"]) ?? "";

    /// <summary>The short name shown in the UI.</summary>
    public string DisplayName => JsonFields.String(Json["displayName"]) ?? "";

    /// <summary>Pod, Container, Steps, StepGroup, DAG, TaskGroup, Retry, Skipped, Suspend, HTTP or Plugin.</summary>
    public string Type => JsonFields.String(Json["type"]) ?? "";

    /// <summary>The template the node ran, by name, in its <see cref="TemplateScope"/>; null when none.</summary>
    public string? TemplateName => JsonFields.String(Json["templateName"]) is { Length: > 0 } name ? name : null;

    /// <summary>The referenced template, when the node ran one through <c>templateRef</c>.</summary>
    public TemplateReference? TemplateRef =>
        Json["templateRef"] is JsonObject reference
        && JsonFields.String(reference["name"]) is { Length: > 0 } name
        && JsonFields.String(reference["template"]) is { Length: > 0 } template
            ? new TemplateReference(name, template, JsonFields.Boolean(reference["clusterScope"]) ?? false)
            : null;

    /// <summary>Where <see cref="TemplateName"/> lives: empty or <c>local/...</c>, <c>namespaced/&lt;name&gt;</c>, <c>cluster/&lt;name&gt;</c>.</summary>
    public string TemplateScope => JsonFields.String(Json["templateScope"]) ?? "";

    /// <summary>Pending, Running, Succeeded, Skipped, Failed, Error or Omitted; empty when not set yet.</summary>
    public string Phase => JsonFields.String(Json["phase"]) ?? "";

    /// <summary>True when the phase is final (Succeeded, Failed, Error, Skipped, Omitted).</summary>
    public bool IsFinished => FinishedPhases.Contains(Phase);

    /// <summary>The resolved inputs the node ran with; null when none.</summary>
    public JsonObject? Inputs => Json["inputs"] as JsonObject;

    /// <summary>The node's outputs; null when none.</summary>
    public JsonNode? Outputs => Json["outputs"];

    /// <summary>The memoization status; null when no lookup has been recorded.</summary>
    public NodeMemoizationStatus? MemoizationStatus =>
        Json["memoizationStatus"] is JsonObject status
            ? new NodeMemoizationStatus(
                JsonFields.Boolean(status["hit"]) ?? false,
                JsonFields.String(status["key"]) ?? "",
                JsonFields.String(status["cacheName"]) ?? "")
            : null;

    /// <summary>The ID of the Steps or DAG node whose boundary contains this node.</summary>
    public string? BoundaryId => JsonFields.String(Json["boundaryID"]);

    /// <summary>The IDs of the node's children, in order.</summary>
    public IReadOnlyList<string> Children =>
        (Json["children"] as JsonArray)?.Select(JsonFields.String).OfType<string>().ToList() ?? [];

    /// <summary>The value of an input parameter, or null when the node has no such input.</summary>
    public string? InputParameter(string name) => JsonFields.Scalar(JsonFields.Named(Inputs?["parameters"], name)?["value"]);
}
