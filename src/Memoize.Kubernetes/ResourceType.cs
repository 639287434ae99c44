namespace Memoize.Kubernetes;

/// <summary>An Argo resource type, called through the package's custom-object calls: its API group and version, URL plural, kind, and whether objects live in a namespace.</summary>
/// <param name="Group">The API group, <c>argoproj.io</c>.</param>
/// <param name="Version">The API version, e.g. <c>v1</c> or <c>v1alpha1</c>.</param>
/// <param name="Plural">The plural used in URLs, e.g. <c>workflows</c>.</param>
/// <param name="Kind">The kind, e.g. <c>Workflow</c>.</param>
/// <param name="Namespaced">True when objects belong to a namespace.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>Argo Workflows.</summary>
    public static ResourceType Workflows { get; } = new("argoproj.io", "v1alpha1", "workflows", "Workflow", true);

    /// <summary>Argo WorkflowTemplates.</summary>
    public static ResourceType WorkflowTemplates { get; } = new("argoproj.io", "v1alpha1", "workflowtemplates", "WorkflowTemplate", true);

    /// <summary>Argo ClusterWorkflowTemplates (cluster-scoped).</summary>
    public static ResourceType ClusterWorkflowTemplates { get; } = new("argoproj.io", "v1alpha1", "clusterworkflowtemplates", "ClusterWorkflowTemplate", false);

    /// <summary>Argo CronWorkflows.</summary>
    public static ResourceType CronWorkflows { get; } = new("argoproj.io", "v1alpha1", "cronworkflows", "CronWorkflow", true);

    /// <summary>The four Argo kinds that carry memoize blocks.</summary>
    public static IReadOnlyList<ResourceType> ArgoKinds { get; } = [Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows];

    /// <summary>The apiVersion objects of this type carry, e.g. <c>v1</c> or <c>argoproj.io/v1alpha1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
