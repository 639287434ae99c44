namespace Memoize.ApiEmulator.Resources;

/// <summary>
/// One REST resource the emulator serves, with the per-kind behaviour Kubernetes' registry strategy gives it
/// (whether updates need a resourceVersion, whether PUT may create, what DELETE returns).
/// </summary>
internal sealed record ResourceType
{
    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    /// <summary>API version, e.g. <c>v1</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The plural resource name used in URLs, e.g. <c>configmaps</c>.</summary>
    public required string Plural { get; init; }

    /// <summary>The singular name shown in discovery (empty for built-in types, like kube-apiserver v1.24).</summary>
    public string Singular { get; init; } = "";

    /// <summary>The kind, e.g. <c>ConfigMap</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>True for namespaced resources.</summary>
    public required bool Namespaced { get; init; }

    /// <summary>True for the Argo custom resources (served like CRDs: unstructured, sorted keys, object returned on delete).</summary>
    public bool IsCustomResource { get; init; }

    /// <summary>Short names for discovery.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Verbs listed in discovery and accepted by the router.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = StandardVerbs;

    /// <summary>True when the resource is stored (false for review resources answered on the spot).</summary>
    public bool IsStored { get; init; } = true;

    /// <summary>The strategy's AllowUnconditionalUpdate: PUT without metadata.resourceVersion is accepted.</summary>
    public bool AllowUnconditionalUpdate { get; init; }

    /// <summary>The strategy's AllowCreateOnUpdate: PUT of a missing object creates it.</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>True when the kind has metadata.generation set by the server (CRs, webhook configurations).</summary>
    public bool HasGeneration { get; init; }

    /// <summary>Top-level fields the typed decoder keeps besides kind/apiVersion/metadata; others are dropped, like kube-apiserver does.</summary>
    public required IReadOnlyList<string> Fields { get; init; }

    /// <summary>Fields usable in fieldSelector besides metadata.name and metadata.namespace (JSON dotted paths).</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>The verbs of an ordinary stored resource.</summary>
    public static readonly IReadOnlyList<string> StandardVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>Kubernetes' GroupResource string: <c>configmaps</c> or <c>workflows.argoproj.io</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Kubernetes' GroupKind string: <c>ConfigMap</c> or <c>Workflow.argoproj.io</c>.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>The list kind, e.g. <c>ConfigMapList</c>.</summary>
    public string ListKind => Kind + "List";

    /// <summary>The URL prefix up to the version: <c>/api/v1</c> or <c>/apis/group/version</c>.</summary>
    public string VersionPath => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
}
