using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;

namespace Memoize.Kubernetes.Resources;

/// <summary>
/// Calls for one Argo kind (Workflows, WorkflowTemplates, ClusterWorkflowTemplates, CronWorkflows) through the package's
/// custom-object calls, with objects kept as JSON: an Argo object is never read into C# classes, so fields this project
/// does not know survive every read-modify-write.
/// </summary>
public sealed class ArgoResourceClient : IResourceSource<JsonObject>
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

    /// <inheritdoc/>
    public string Plural => Kind.Plural;

    /// <summary>Reads one object (namespace null for ClusterWorkflowTemplates).</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task<JsonObject> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        CheckNamespace(@namespace, name);
        return api.CallAsync(
            $"GET {Describe(@namespace, name)}",
            async (k, ct) => Body(@namespace is null
                ? await k.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<JsonObject>(Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)
                : await k.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(Kind.Group, Kind.Version, @namespace, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Lists objects in a namespace (all when null), optionally by label selector, in one request.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(string? @namespace, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        (await ListPageAsync(@namespace, labelSelector, null, null, cancellationToken).ConfigureAwait(false)).Items;

    /// <inheritdoc/>
    public Task<ResourcePage<JsonObject>> ListPageAsync(string? @namespace, string? labelSelector, int? limit, string? continueToken, CancellationToken cancellationToken = default)
    {
        CheckNamespace(@namespace, null);
        return api.CallAsync(
            $"LIST {Describe(@namespace, null)}",
            async (k, ct) => ReadList(Body(await List(k, @namespace, labelSelector, null, limit, continueToken, null, ct).ConfigureAwait(false))),
            cancellationToken);
    }

    /// <summary>Watches objects in a namespace (all when null).</summary>
    public async IAsyncEnumerable<WatchEvent<JsonObject>> WatchAsync(string? @namespace, WatchOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CheckNamespace(@namespace, null);
        options ??= new WatchOptions();
        var events = api.WatchAsync<JsonObject, JsonObject>(
            $"WATCH {Describe(@namespace, null)}",
            (k, ct) => List(k, @namespace, options.LabelSelector, options.FieldSelector, null, null, options, ct),
            options.SilenceLimit,
            cancellationToken);
        await foreach (var (type, obj) in events.ConfigureAwait(false))
        {
            yield return new WatchEvent<JsonObject>(WatchOptions.Translate(type), obj);
        }
    }

    /// <inheritdoc/>
    IAsyncEnumerable<WatchEvent<JsonObject>> IResourceSource<JsonObject>.WatchAsync(string? @namespace, WatchOptions options, CancellationToken cancellationToken) =>
        WatchAsync(@namespace, options, cancellationToken);

    /// <summary>Creates an object in the namespace its metadata names; returns it as stored.</summary>
    /// <exception cref="AlreadyExistsException">An object with that name exists.</exception>
    public Task<JsonObject> CreateAsync(JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var @namespace = NamespaceToWrite(obj, "create");
        var body = WithTypeFields(obj);
        return api.CallAsync(
            $"POST {Describe(@namespace, null)}",
            async (k, ct) => Body(@namespace is null
                ? await k.CustomObjects.CreateClusterCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, Kind.Plural, cancellationToken: ct).ConfigureAwait(false)
                : await k.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, @namespace, Kind.Plural, cancellationToken: ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Replaces the whole object, conditional on its metadata.resourceVersion (Workflows have no status subresource).</summary>
    /// <exception cref="ConflictException">It changed since it was read (Argo's controller writes it often: read again and retry).</exception>
    public Task<JsonObject> UpdateAsync(JsonObject obj, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var name = ObjectMetadata.Name(obj);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"metadata.name is required to update {Kind.Plural}", nameof(obj));
        }

        var @namespace = NamespaceToWrite(obj, "update");
        var body = WithTypeFields(obj);
        return api.CallAsync(
            $"PUT {Describe(@namespace, name)}",
            async (k, ct) => Body(@namespace is null
                ? await k.CustomObjects.ReplaceClusterCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)
                : await k.CustomObjects.ReplaceNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, @namespace, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Patches the object (merge patch, or JSON patch with <c>test</c> operations as a precondition); returns the result.</summary>
    /// <exception cref="InvalidException">A JSON patch <c>test</c> failed, or the result is invalid.</exception>
    public Task<JsonObject> PatchAsync(string? @namespace, string name, JsonNode patch, PatchType patchType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        CheckNamespace(@namespace, name);
        var body = new V1Patch(patch, patchType == PatchType.JsonPatch ? V1Patch.PatchType.JsonPatch : V1Patch.PatchType.MergePatch);
        return api.CallAsync(
            $"PATCH {Describe(@namespace, name)}",
            async (k, ct) => Body(@namespace is null
                ? await k.CustomObjects.PatchClusterCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)
                : await k.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(body, Kind.Group, Kind.Version, @namespace, Kind.Plural, name, cancellationToken: ct).ConfigureAwait(false)),
            cancellationToken);
    }

    /// <summary>Deletes the object; with <paramref name="resourceVersion"/>, only if unchanged since (else a conflict).</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task DeleteAsync(string? @namespace, string name, string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        CheckNamespace(@namespace, name);
        var options = resourceVersion is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = resourceVersion } };
        return api.CallAsync(
            $"DELETE {Describe(@namespace, name)}",
            async (k, ct) => @namespace is null
                ? (await k.CustomObjects.DeleteClusterCustomObjectWithHttpMessagesAsync(Kind.Group, Kind.Version, Kind.Plural, name, options, cancellationToken: ct).ConfigureAwait(false)).Body
                : (await k.CustomObjects.DeleteNamespacedCustomObjectWithHttpMessagesAsync(Kind.Group, Kind.Version, @namespace, Kind.Plural, name, options, cancellationToken: ct).ConfigureAwait(false)).Body,
            cancellationToken);
    }

    /// <inheritdoc/>
    public (string Key, string? ResourceVersion) Identify(JsonObject obj) => (ObjectMetadata.Key(obj), ObjectMetadata.ResourceVersion(obj));

    private Task<HttpOperationResponse<JsonObject>> List(
        IKubernetes k,
        string? @namespace,
        string? labelSelector,
        string? fieldSelector,
        int? limit,
        string? continueToken,
        WatchOptions? watch,
        CancellationToken ct) =>
        @namespace is null
            ? k.CustomObjects.ListCustomObjectForAllNamespacesWithHttpMessagesAsync<JsonObject>(
                Kind.Group, Kind.Version, Kind.Plural, allowWatchBookmarks: watch?.AllowWatchBookmarks, continueParameter: continueToken,
                fieldSelector: fieldSelector, labelSelector: labelSelector, limit: limit, resourceVersion: watch?.ResourceVersion,
                timeoutSeconds: watch?.TimeoutSeconds, watch: watch is null ? null : true, cancellationToken: ct)
            : k.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonObject>(
                Kind.Group, Kind.Version, @namespace, Kind.Plural, allowWatchBookmarks: watch?.AllowWatchBookmarks, continueParameter: continueToken,
                fieldSelector: fieldSelector, labelSelector: labelSelector, limit: limit, resourceVersion: watch?.ResourceVersion,
                timeoutSeconds: watch?.TimeoutSeconds, watch: watch is null ? null : true, cancellationToken: ct);

    // The package lists a cluster-scoped kind with the "all namespaces" call, which has the same path.
    private void CheckNamespace(string? @namespace, string? name)
    {
        if (!Kind.Namespaced && @namespace is not null)
        {
            throw new ArgumentException($"{Kind.Plural} are cluster-scoped: pass no namespace (got \"{@namespace}\")", nameof(@namespace));
        }

        if (Kind.Namespaced && name is not null && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{Kind.Plural} live in a namespace: pass the namespace of \"{name}\"", nameof(@namespace));
        }
    }

    private string? NamespaceToWrite(JsonObject obj, string verb)
    {
        var @namespace = ObjectMetadata.Namespace(obj);
        if (Kind.Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"metadata.namespace is required to {verb} {Kind.Plural}", nameof(obj));
        }

        return Kind.Namespaced ? @namespace : null;
    }

    private string Describe(string? @namespace, string? name) =>
        (Kind.Plural, @namespace, name) switch
        {
            (var plural, null, null) => plural,
            (var plural, null, { } n) => $"{plural} {n}",
            (var plural, { } ns, null) => $"{plural} in {ns}",
            (var plural, { } ns, { } n) => $"{plural} {ns}/{n}",
        };

    private JsonObject WithTypeFields(JsonObject obj)
    {
        if (obj["apiVersion"] is not null && obj["kind"] is not null)
        {
            return obj;
        }

        // Fill in apiVersion and kind on a copy: never change the caller's object behind its back.
        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] ??= Kind.ApiVersion;
        copy["kind"] ??= Kind.Kind;
        return copy;
    }

    private static JsonObject Body(HttpOperationResponse<JsonObject> response) =>
        response.Body ?? throw new System.Text.Json.JsonException("the answer is not a JSON object");

    private ResourcePage<JsonObject> ReadList(JsonObject list)
    {
        var items = new List<JsonObject>();
        if (list["items"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                // List items come without apiVersion and kind; fill them in so each item stands on its own.
                item["apiVersion"] ??= Kind.ApiVersion;
                item["kind"] ??= Kind.Kind;
                items.Add(item);
            }

            array.Clear();
        }

        var metadata = list["metadata"] as JsonObject;
        return new ResourcePage<JsonObject>(items, Text(metadata?["resourceVersion"]) ?? "")
        {
            Continue = Text(metadata?["continue"]) is { Length: > 0 } token ? token : null,
        };
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
