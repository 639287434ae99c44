namespace Memoize.ApiEmulator.Resources;

/// <summary>Every resource the emulator serves, and lookups by URL parts.</summary>
internal static class ResourceCatalog
{
    /// <summary>core/v1 ConfigMaps.</summary>
    public static readonly ResourceType ConfigMaps = new()
    {
        Group = "",
        Version = "v1",
        Plural = "configmaps",
        Kind = "ConfigMap",
        Namespaced = true,
        ShortNames = ["cm"],
        AllowUnconditionalUpdate = true,
        Fields = ["immutable", "data", "binaryData"],
    };

    /// <summary>core/v1 Events.</summary>
    public static readonly ResourceType CoreEvents = new()
    {
        Group = "",
        Version = "v1",
        Plural = "events",
        Kind = "Event",
        Namespaced = true,
        ShortNames = ["ev"],
        AllowUnconditionalUpdate = true,
        AllowCreateOnUpdate = true,
        Fields = ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type",
            "eventTime", "series", "action", "related", "reportingComponent", "reportingInstance"],
        SelectableFields = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "source.component", "type"],
    };

    /// <summary>events.k8s.io/v1 Events.</summary>
    public static readonly ResourceType Events = new()
    {
        Group = "events.k8s.io",
        Version = "v1",
        Plural = "events",
        Kind = "Event",
        Namespaced = true,
        ShortNames = ["ev"],
        AllowUnconditionalUpdate = true,
        AllowCreateOnUpdate = true,
        Fields = ["eventTime", "series", "reportingController", "reportingInstance", "action", "reason", "regarding",
            "related", "note", "type", "deprecatedSource", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount"],
        SelectableFields = ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type", "reportingController"],
    };

    /// <summary>coordination.k8s.io/v1 Leases.</summary>
    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io",
        Version = "v1",
        Plural = "leases",
        Kind = "Lease",
        Namespaced = true,
        AllowCreateOnUpdate = true,
        Fields = ["spec"],
    };

    /// <summary>argoproj.io/v1alpha1 Workflows.</summary>
    public static readonly ResourceType Workflows = Argo("workflows", "workflow", "Workflow", true, ["wf"]);

    /// <summary>argoproj.io/v1alpha1 WorkflowTemplates.</summary>
    public static readonly ResourceType WorkflowTemplates = Argo("workflowtemplates", "workflowtemplate", "WorkflowTemplate", true, ["wftmpl"]);

    /// <summary>argoproj.io/v1alpha1 CronWorkflows.</summary>
    public static readonly ResourceType CronWorkflows = Argo("cronworkflows", "cronworkflow", "CronWorkflow", true, ["cwf", "cronwf"]);

    /// <summary>argoproj.io/v1alpha1 ClusterWorkflowTemplates (cluster-scoped).</summary>
    public static readonly ResourceType ClusterWorkflowTemplates =
        Argo("clusterworkflowtemplates", "clusterworkflowtemplate", "ClusterWorkflowTemplate", false, ["clusterwftmpl", "cwft"]);

    /// <summary>admissionregistration.k8s.io/v1 ValidatingWebhookConfigurations.</summary>
    public static readonly ResourceType ValidatingWebhookConfigurations = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "validatingwebhookconfigurations",
        Kind = "ValidatingWebhookConfiguration",
        Namespaced = false,
        HasGeneration = true,
        Fields = ["webhooks"],
    };

    /// <summary>admissionregistration.k8s.io/v1 MutatingWebhookConfigurations.</summary>
    public static readonly ResourceType MutatingWebhookConfigurations = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "mutatingwebhookconfigurations",
        Kind = "MutatingWebhookConfiguration",
        Namespaced = false,
        HasGeneration = true,
        Fields = ["webhooks"],
    };

    /// <summary>authorization.k8s.io/v1 SubjectAccessReviews (create only, answered from the test's rules).</summary>
    public static readonly ResourceType SubjectAccessReviews = new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Plural = "subjectaccessreviews",
        Kind = "SubjectAccessReview",
        Namespaced = false,
        IsStored = false,
        Verbs = ["create"],
        Fields = ["spec", "status"],
    };

    /// <summary>authorization.k8s.io/v1 SelfSubjectAccessReviews (create only, about the caller).</summary>
    public static readonly ResourceType SelfSubjectAccessReviews = new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Plural = "selfsubjectaccessreviews",
        Kind = "SelfSubjectAccessReview",
        Namespaced = false,
        IsStored = false,
        Verbs = ["create"],
        Fields = ["spec", "status"],
    };

    /// <summary>All resources, in discovery order.</summary>
    public static readonly IReadOnlyList<ResourceType> All =
    [
        ConfigMaps, CoreEvents, Workflows, WorkflowTemplates, CronWorkflows, ClusterWorkflowTemplates, Leases, Events,
        ValidatingWebhookConfigurations, MutatingWebhookConfigurations, SubjectAccessReviews, SelfSubjectAccessReviews,
    ];

    /// <summary>The groups in discovery order (core group excluded), each with its one version.</summary>
    public static IReadOnlyList<(string Group, string Version)> Groups { get; } =
        All.Where(t => t.Group.Length > 0).Select(t => (t.Group, t.Version)).Distinct().ToList();

    /// <summary>True when some resource lives in <paramref name="group"/>/<paramref name="version"/>.</summary>
    public static bool HasGroupVersion(string group, string version) => All.Any(t => t.Group == group && t.Version == version);

    /// <summary>The resource for a URL's group, version and plural, or null.</summary>
    public static ResourceType? Find(string group, string version, string plural) =>
        All.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    /// <summary>The resource for an apiVersion and kind, or null.</summary>
    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        All.FirstOrDefault(t => t.ApiVersion == apiVersion && t.Kind == kind);

    private static ResourceType Argo(string plural, string singular, string kind, bool namespaced, string[] shortNames) => new()
    {
        Group = "argoproj.io",
        Version = "v1alpha1",
        Plural = plural,
        Singular = singular,
        Kind = kind,
        Namespaced = namespaced,
        IsCustomResource = true,
        HasGeneration = true,
        ShortNames = shortNames,
        // Argo's CRDs declare only these top-level fields; everything else at the top is pruned.
        Fields = ["spec", "status"],
    };
}
