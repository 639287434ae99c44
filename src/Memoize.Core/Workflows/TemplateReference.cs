namespace Memoize.Core.Workflows;

/// <summary>A node's <c>templateRef</c>: a template inside a WorkflowTemplate or ClusterWorkflowTemplate.</summary>
/// <param name="Name">The WorkflowTemplate's (or ClusterWorkflowTemplate's) name.</param>
/// <param name="Template">The template's name inside it.</param>
/// <param name="ClusterScope">True for a ClusterWorkflowTemplate.</param>
public sealed record TemplateReference(string Name, string Template, bool ClusterScope);
