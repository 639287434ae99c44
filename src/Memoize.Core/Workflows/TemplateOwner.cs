namespace Memoize.Core.Workflows;

/// <summary>A WorkflowTemplate (in the workflow's namespace) or ClusterWorkflowTemplate that holds templates.</summary>
/// <param name="ClusterScope">True for a ClusterWorkflowTemplate.</param>
/// <param name="Name">Its name.</param>
/// <param name="Namespace">The WorkflowTemplate's namespace (the workflow's); null for a ClusterWorkflowTemplate.</param>
public sealed record TemplateOwner(bool ClusterScope, string Name, string? Namespace)
{
    /// <summary>How it is named in messages, e.g. <c>WorkflowTemplate argo/build</c>.</summary>
    public override string ToString() =>
        ClusterScope ? $"ClusterWorkflowTemplate {Name}" : $"WorkflowTemplate {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
