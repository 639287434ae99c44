namespace Memoize.Webhook.Admission;

/// <summary>A Kubernetes group, version and kind, as AdmissionReview's <c>request.kind</c> carries it.</summary>
/// <param name="Group">The API group; empty for the core group (ConfigMap).</param>
/// <param name="Version">The API version, e.g. <c>v1alpha1</c>.</param>
/// <param name="Kind">The kind, e.g. <c>Workflow</c>.</param>
public sealed record GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The API group of the four Argo kinds.</summary>
    public const string ArgoGroup = "argoproj.io";

    /// <summary>True for a core-group ConfigMap.</summary>
    public bool IsConfigMap => Group.Length == 0 && Kind == "ConfigMap";

    /// <summary>True for one of the four Argo kinds that may carry memoize blocks.</summary>
    public bool IsArgoKind => Group == ArgoGroup && Kind is "Workflow" or "WorkflowTemplate" or "ClusterWorkflowTemplate" or "CronWorkflow";
}
