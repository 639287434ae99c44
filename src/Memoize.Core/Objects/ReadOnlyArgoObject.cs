using System.Text.Json;

namespace Memoize.Core.Objects;

/// <summary>
/// An Argo object of one of the four kinds that carry memoize blocks, over read-only JSON: what the rules read.
/// The webhook checks the element it parsed, so no field becomes a node; <see cref="From(ArgoObject)"/> serves node-based callers.
/// </summary>
public sealed class ReadOnlyArgoObject
{
    private ReadOnlyArgoObject(string kind, string? name, string? generateName, string? ns, JsonElement root)
    {
        Kind = kind;
        Name = name;
        GenerateName = generateName;
        Namespace = ns;
        Root = root;
    }

    /// <summary>The kind, e.g. <c>Workflow</c>.</summary>
    public string Kind { get; }

    /// <summary>metadata.name, or null when only generateName is set.</summary>
    public string? Name { get; }

    /// <summary>metadata.generateName, when set.</summary>
    public string? GenerateName { get; }

    /// <summary>metadata.namespace; null for ClusterWorkflowTemplate or when absent.</summary>
    public string? Namespace { get; }

    /// <summary>The whole object.</summary>
    public JsonElement Root { get; }

    /// <summary>The name to show a person: the name, else the generateName prefix.</summary>
    public string DisplayName => Name ?? GenerateName ?? "";

    /// <summary>True for WorkflowTemplate and ClusterWorkflowTemplate, whose workflow parameters may be given at submission.</summary>
    public bool IsTemplate => Kind is ArgoKind.WorkflowTemplate or ArgoKind.ClusterWorkflowTemplate;

    /// <summary>Field path of the workflow spec: <c>spec</c>, or <c>spec.workflowSpec</c> for a CronWorkflow.</summary>
    public string WorkflowSpecPath => Kind == ArgoKind.CronWorkflow ? "spec.workflowSpec" : "spec";

    /// <summary>The workflow spec (templates, templateDefaults, arguments), or null when absent or not an object.</summary>
    public JsonElement? WorkflowSpec => Kind == ArgoKind.CronWorkflow
        ? JsonProperties.Object(JsonProperties.Object(Root, "spec"u8), "workflowSpec"u8)
        : JsonProperties.Object(Root, "spec"u8);

    /// <summary>Returns the Argo object when <paramref name="document"/> is one of the four kinds in the argoproj.io group; otherwise null.</summary>
    public static ReadOnlyArgoObject? TryFrom(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var kind = KindOf(JsonProperties.Get(document, "kind"u8));
        var apiVersion = JsonProperties.NonEmptyString(document, "apiVersion"u8);
        if (apiVersion is null || kind is null)
        {
            return null;
        }

        // apiVersion is "<group>/<version>"; a bare version means the core group.
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !apiVersion.AsSpan(0, slash).SequenceEqual(ArgoKind.Group))
        {
            return null;
        }

        var metadata = JsonProperties.Object(document, "metadata"u8);
        var ns = kind == ArgoKind.ClusterWorkflowTemplate ? null : JsonProperties.NonEmptyString(metadata, "namespace"u8);
        return new ReadOnlyArgoObject(kind, JsonProperties.NonEmptyString(metadata, "name"u8), JsonProperties.NonEmptyString(metadata, "generateName"u8), ns, document);
    }

    /// <summary>The same object over read-only JSON: its nodes are written once and read back (lint, the reconciler, tests).</summary>
    public static ReadOnlyArgoObject From(ArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        return new ReadOnlyArgoObject(argoObject.Kind, argoObject.Name, argoObject.GenerateName, argoObject.Namespace, JsonSerializer.SerializeToElement(argoObject.Root));
    }

    // The kind as one of ArgoKind's own strings, so that reading it allocates nothing.
    private static string? KindOf(JsonElement? kind)
    {
        if (kind is not { ValueKind: JsonValueKind.String } value)
        {
            return null;
        }

        foreach (var known in ArgoKind.All)
        {
            if (value.ValueEquals(known))
            {
                return known;
            }
        }

        return null;
    }
}
