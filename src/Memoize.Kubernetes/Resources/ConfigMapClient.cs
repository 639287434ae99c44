using System.Text.Json.Nodes;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Resources;

/// <summary>Typed calls for core v1 ConfigMaps.</summary>
/// <param name="api">The client to send through.</param>
public sealed class ConfigMapClient(KubernetesApiClient api)
{
    private static readonly ResourceType Type = ResourceType.ConfigMaps;

    /// <summary>Reads a ConfigMap.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public async Task<ConfigMap> GetAsync(string @namespace, string name, CancellationToken cancellationToken = default) =>
        new(await api.GetAsync(Type, @namespace, name, cancellationToken).ConfigureAwait(false));

    /// <summary>Reads a ConfigMap; null when it does not exist.</summary>
    public async Task<ConfigMap?> TryGetAsync(string @namespace, string name, CancellationToken cancellationToken = default)
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

    /// <summary>Lists ConfigMaps in a namespace (all when null), optionally by label selector.</summary>
    public async Task<IReadOnlyList<ConfigMap>> ListAsync(string? @namespace, string? labelSelector = null, CancellationToken cancellationToken = default)
    {
        var list = await api.ListAsync(Type, @namespace, labelSelector, null, cancellationToken).ConfigureAwait(false);
        return list.Items.Select(item => new ConfigMap(item)).ToList();
    }

    /// <summary>Creates the ConfigMap; returns it as stored (with resourceVersion and uid).</summary>
    /// <exception cref="AlreadyExistsException">One with that name exists.</exception>
    /// <exception cref="InvalidException">The server rejected it (bad name, bad key, over 1 MiB: see IsTooLong).</exception>
    public async Task<ConfigMap> CreateAsync(ConfigMap configMap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return new(await api.CreateAsync(Type, configMap.Object, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Replaces the ConfigMap, conditional on its resourceVersion; returns it as stored.</summary>
    /// <exception cref="ConflictException">It changed since it was read.</exception>
    public async Task<ConfigMap> UpdateAsync(ConfigMap configMap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        return new(await api.UpdateAsync(Type, configMap.Object, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Applies a JSON merge patch (e.g. <c>{"data":{"k":"v","old":null}}</c>); returns the result.</summary>
    public async Task<ConfigMap> PatchAsync(string @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken = default) =>
        new(await api.PatchAsync(Type, @namespace, name, mergePatch, PatchType.MergePatch, cancellationToken).ConfigureAwait(false));

    /// <summary>Deletes the ConfigMap; with <paramref name="resourceVersion"/>, only if unchanged since.</summary>
    /// <exception cref="NotFoundException">It does not exist.</exception>
    public Task DeleteAsync(string @namespace, string name, string? resourceVersion = null, CancellationToken cancellationToken = default) =>
        api.DeleteAsync(Type, @namespace, name, resourceVersion, cancellationToken);
}
