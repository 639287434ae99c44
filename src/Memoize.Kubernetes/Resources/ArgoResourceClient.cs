using System.Text.Json.Nodes;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Resources;

/// <summary>Calls for one Argo kind (Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows), with objects kept as JSON.</summary>
public sealed class ArgoResourceClient
{
    private readonly KubernetesApiClient api;

    /// <summary>A client for <paramref name="kind"/>, one of <see cref="ResourceType.ArgoKinds"/>.</summary>
    public ArgoResourceClient(KubernetesApiClient api, ResourceType kind)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(kind);
        if (kind.Group != "argoproj.io")
        {
            throw new ArgumentException($"{kind.Plural} is not an Argo kind (group argoproj.io)", nameof(kind));
        }

        this.api = api;
        Kind = kind;
    }

    /// <summary>The Argo kind this client handles.</summary>
    public ResourceType Kind { get; }

    /// <summary>Reads one object (namespace null for ClusterWorkflowTemplates).</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task<JsonObject> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default) =>
        api.GetAsync(Kind, @namespace, name, cancellationToken);

    /// <summary>Lists objects in a namespace (all when null), optionally by label selector.</summary>
    public Task<ResourceList> ListAsync(string? @namespace, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        api.ListAsync(Kind, @namespace, labelSelector, null, cancellationToken);

    /// <summary>Watches objects in a namespace (all when null).</summary>
    public IAsyncEnumerable<WatchEvent> WatchAsync(string? @namespace, WatchOptions? options = null, CancellationToken cancellationToken = default) =>
        api.WatchAsync(Kind, @namespace, options, cancellationToken);

    /// <summary>Creates an object in the namespace its metadata names.</summary>
    public Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken cancellationToken = default) =>
        api.CreateAsync(Kind, obj, cancellationToken);

    /// <summary>Replaces the whole object, conditional on its metadata.resourceVersion (Workflows have no status subresource).</summary>
    /// <exception cref="ConflictException">It changed since it was read (Argo's controller writes it often: read again and retry).</exception>
    public Task<JsonObject> UpdateAsync(JsonObject obj, CancellationToken cancellationToken = default) =>
        api.UpdateAsync(Kind, obj, cancellationToken);

    /// <summary>Patches the object (merge patch, or JSON patch with <c>test</c> operations as a precondition).</summary>
    public Task<JsonObject> PatchAsync(string? @namespace, string name, JsonNode patch, PatchType patchType, CancellationToken cancellationToken = default) =>
        api.PatchAsync(Kind, @namespace, name, patch, patchType, cancellationToken);

    /// <summary>Deletes the object; with <paramref name="resourceVersion"/>, only if unchanged since.</summary>
    public Task DeleteAsync(string? @namespace, string name, string? resourceVersion = null, CancellationToken cancellationToken = default) =>
        api.DeleteAsync(Kind, @namespace, name, resourceVersion, cancellationToken);
}
