using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;

namespace Memoize.Kubernetes.Resources;

/// <summary>Typed calls for core v1 ConfigMaps (<see cref="V1ConfigMap"/>) through the package.</summary>
/// <param name="api">The client to send through.</param>
public sealed class ConfigMapClient(KubernetesApiClient api) : IResourceSource<V1ConfigMap>
{
    /// <inheritdoc/>
    public string Plural => "configmaps";

    /// <summary>A new, empty ConfigMap named <paramref name="name"/> in <paramref name="namespace"/>, ready to create.</summary>
    public static V1ConfigMap New(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new V1ConfigMap { ApiVersion = V1ConfigMap.KubeApiVersion, Kind = V1ConfigMap.KubeKind, Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace } };
    }

    /// <summary>A reference to <paramref name="configMap"/> for an Event (list items come without apiVersion and kind).</summary>
    public static V1ObjectReference ReferenceTo(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return new V1ObjectReference
        {
            ApiVersion = V1ConfigMap.KubeApiVersion,
            Kind = V1ConfigMap.KubeKind,
            NamespaceProperty = configMap.Namespace(),
            Name = configMap.Name(),
            Uid = configMap.Uid(),
            ResourceVersion = configMap.ResourceVersion(),
        };
    }

    /// <summary>Reads a ConfigMap.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task<V1ConfigMap> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        api.CallAsync($"GET configmaps {@namespace}/{name}", (k, ct) => k.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: ct), cancellationToken);

    /// <summary>Reads a ConfigMap; null when it does not exist.</summary>
    public async Task<V1ConfigMap?> TryGetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Lists ConfigMaps in a namespace (all when null), optionally by label selector, in one request.</summary>
    public async Task<IReadOnlyList<V1ConfigMap>> ListAsync(string? @namespace, string? labelSelector = null, CancellationToken cancellationToken = default) =>
        (await ListPageAsync(@namespace, labelSelector, null, null, cancellationToken).ConfigureAwait(false)).Items;

    /// <inheritdoc/>
    public Task<ResourcePage<V1ConfigMap>> ListPageAsync(string? @namespace, string? labelSelector, int? limit, string? continueToken, CancellationToken cancellationToken = default) =>
        api.CallAsync(
            $"LIST configmaps{(@namespace is null ? "" : " in " + @namespace)}",
            async (k, ct) =>
            {
                var list = (await List(k, @namespace, labelSelector, limit, continueToken, null, ct).ConfigureAwait(false)).Body;
                foreach (var item in list.Items ?? [])
                {
                    // List items come without apiVersion and kind; fill them in so each item stands on its own.
                    item.ApiVersion ??= V1ConfigMap.KubeApiVersion;
                    item.Kind ??= V1ConfigMap.KubeKind;
                }

                return new ResourcePage<V1ConfigMap>([.. list.Items ?? []], list.Metadata?.ResourceVersion ?? "")
                {
                    Continue = string.IsNullOrEmpty(list.Metadata?.ContinueProperty) ? null : list.Metadata.ContinueProperty,
                };
            },
            cancellationToken);

    /// <summary>Watches ConfigMaps in a namespace (all when null).</summary>
    public async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(string? @namespace, WatchOptions options, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var events = api.WatchAsync<V1ConfigMap, V1ConfigMapList>(
            $"WATCH configmaps{(@namespace is null ? "" : " in " + @namespace)}",
            (k, ct) => List(k, @namespace, options.LabelSelector, null, null, options, ct),
            options.SilenceLimit,
            cancellationToken);
        await foreach (var (type, configMap) in events.ConfigureAwait(false))
        {
            yield return new WatchEvent<V1ConfigMap>(WatchOptions.Translate(type), configMap);
        }
    }

    /// <summary>Creates the ConfigMap; returns it as stored (with resourceVersion and uid).</summary>
    /// <exception cref="AlreadyExistsException">One with that name exists.</exception>
    /// <exception cref="InvalidException">The server rejected it (bad name, bad key, over 1 MiB: see IsTooLong).</exception>
    public Task<V1ConfigMap> CreateAsync(V1ConfigMap configMap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var @namespace = configMap.Namespace() ?? throw new ArgumentException("metadata.namespace is required to create configmaps", nameof(configMap));
        return api.CallAsync($"POST configmaps in {@namespace}", (k, ct) => k.CoreV1.CreateNamespacedConfigMapAsync(configMap, @namespace, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Replaces the ConfigMap, conditional on its resourceVersion; returns it as stored.</summary>
    /// <exception cref="ConflictException">It changed since it was read.</exception>
    public Task<V1ConfigMap> UpdateAsync(V1ConfigMap configMap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var (@namespace, name) = (configMap.Namespace(), configMap.Name());
        return api.CallAsync($"PUT configmaps {@namespace}/{name}", (k, ct) => k.CoreV1.ReplaceNamespacedConfigMapAsync(configMap, name, @namespace, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Applies a JSON merge patch (e.g. <c>{"data":{"k":"v","old":null}}</c>) or a JSON patch; returns the result.</summary>
    /// <exception cref="InvalidException">A JSON patch <c>test</c> failed, or the result is invalid.</exception>
    public Task<V1ConfigMap> PatchAsync(string @namespace, string name, JsonNode body, PatchType patchType = PatchType.MergePatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var patch = new V1Patch(body, patchType == PatchType.JsonPatch ? V1Patch.PatchType.JsonPatch : V1Patch.PatchType.MergePatch);
        return api.CallAsync($"PATCH configmaps {@namespace}/{name}", (k, ct) => k.CoreV1.PatchNamespacedConfigMapAsync(patch, name, @namespace, cancellationToken: ct), cancellationToken);
    }

    /// <summary>Deletes the ConfigMap; with <paramref name="resourceVersion"/>, only if unchanged since.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task DeleteAsync(string @namespace, string name, string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        var options = resourceVersion is null ? null : new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = resourceVersion } };
        return api.CallAsync($"DELETE configmaps {@namespace}/{name}", (k, ct) => k.CoreV1.DeleteNamespacedConfigMapAsync(name, @namespace, options, cancellationToken: ct), cancellationToken);
    }

    /// <inheritdoc/>
    public (string Key, string? ResourceVersion) Identify(V1ConfigMap obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return (ObjectMetadata.KeyOf(obj.Namespace(), obj.Name() ?? ""), obj.ResourceVersion());
    }

    private static Task<HttpOperationResponse<V1ConfigMapList>> List(
        IKubernetes k,
        string? @namespace,
        string? labelSelector,
        int? limit,
        string? continueToken,
        WatchOptions? watch,
        CancellationToken ct) =>
        @namespace is null
            ? k.CoreV1.ListConfigMapForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: watch?.AllowWatchBookmarks, continueParameter: continueToken, fieldSelector: watch?.FieldSelector, labelSelector: labelSelector,
                limit: limit, resourceVersion: watch?.ResourceVersion, timeoutSeconds: watch?.TimeoutSeconds, watch: watch is null ? null : true, cancellationToken: ct)
            : k.CoreV1.ListNamespacedConfigMapWithHttpMessagesAsync(
                @namespace, allowWatchBookmarks: watch?.AllowWatchBookmarks, continueParameter: continueToken, fieldSelector: watch?.FieldSelector, labelSelector: labelSelector,
                limit: limit, resourceVersion: watch?.ResourceVersion, timeoutSeconds: watch?.TimeoutSeconds, watch: watch is null ? null : true, cancellationToken: ct);
}
