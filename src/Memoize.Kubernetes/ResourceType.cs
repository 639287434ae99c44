namespace Memoize.Kubernetes;

/// <summary>A Kubernetes resource type: its API group and version, URL plural, kind, and whether objects live in a namespace.</summary>
/// <param name="Group">The API group; empty for the core group (ConfigMaps).</param>
/// <param name="Version">The API version, e.g. <c>v1</c> or <c>v1alpha1</c>.</param>
/// <param name="Plural">The plural used in URLs, e.g. <c>configmaps</c>.</param>
/// <param name="Kind">The kind, e.g. <c>ConfigMap</c>.</param>
/// <param name="Namespaced">True when objects belong to a namespace.</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind, bool Namespaced)
{
    /// <summary>Core v1 ConfigMaps (the memoization cache).</summary>
    public static ResourceType ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true);

    /// <summary>Argo Workflows.</summary>
    public static ResourceType Workflows { get; } = new("argoproj.io", "v1alpha1", "workflows", "Workflow", true);

    /// <summary>Argo WorkflowTemplates.</summary>
    public static ResourceType WorkflowTemplates { get; } = new("argoproj.io", "v1alpha1", "workflowtemplates", "WorkflowTemplate", true);

    /// <summary>Argo ClusterWorkflowTemplates (cluster-scoped).</summary>
    public static ResourceType ClusterWorkflowTemplates { get; } = new("argoproj.io", "v1alpha1", "clusterworkflowtemplates", "ClusterWorkflowTemplate", false);

    /// <summary>Argo CronWorkflows.</summary>
    public static ResourceType CronWorkflows { get; } = new("argoproj.io", "v1alpha1", "cronworkflows", "CronWorkflow", true);

    /// <summary>coordination.k8s.io/v1 Leases (leader election).</summary>
    public static ResourceType Leases { get; } = new("coordination.k8s.io", "v1", "leases", "Lease", true);

    /// <summary>events.k8s.io/v1 Events.</summary>
    public static ResourceType Events { get; } = new("events.k8s.io", "v1", "events", "Event", true);

    /// <summary>Core v1 Events (the older API, used when events.k8s.io is not served).</summary>
    public static ResourceType CoreEvents { get; } = new("", "v1", "events", "Event", true);

    /// <summary>authorization.k8s.io/v1 SubjectAccessReviews (create only, cluster-scoped).</summary>
    public static ResourceType SubjectAccessReviews { get; } = new("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false);

    /// <summary>The four Argo kinds that carry memoize blocks.</summary>
    public static IReadOnlyList<ResourceType> ArgoKinds { get; } = [Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows];

    /// <summary>The apiVersion objects of this type carry, e.g. <c>v1</c> or <c>argoproj.io/v1alpha1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
}
