namespace Memoize.Core.Objects;

/// <summary>The Argo API group and the four kinds that carry memoize blocks.</summary>
public static class ArgoKind
{
    /// <summary>Argo's API group.</summary>
    public const string Group = "argoproj.io";

    /// <summary>A running (or to be run) workflow.</summary>
    public const string Workflow = "Workflow";

    /// <summary>A namespaced template that workflows are submitted from or refer to.</summary>
    public const string WorkflowTemplate = "WorkflowTemplate";

    /// <summary>A cluster-scoped template.</summary>
    public const string ClusterWorkflowTemplate = "ClusterWorkflowTemplate";

    /// <summary>A schedule that creates workflows from <c>spec.workflowSpec</c>.</summary>
    public const string CronWorkflow = "CronWorkflow";

    /// <summary>All four kinds.</summary>
    public static IReadOnlyList<string> All { get; } = [Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow];
}
