using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Caches;

namespace Memoize.Webhook.Mutation;

/// <summary>
/// Adds <c>workflows.argoproj.io/configmap-type: Cache</c> to a ConfigMap that is a memoization cache: named as a
/// cache by a known Argo object in that namespace, or every data entry is an Argo cache entry. Never when the
/// label key is already there (with <c>Parameter</c>, <c>ExecutorPlugin</c> or any other value).
/// </summary>
public sealed class ConfigMapCacheLabeling(ICacheConfigMapIndex index)
{
    /// <summary>The patch for <paramref name="request"/> (a ConfigMap CREATE or UPDATE); empty when nothing changes.</summary>
    public IReadOnlyList<JsonPatchOperation> PatchFor(AdmissionRequest request)
    {
        if (request.Object is not JsonObject configMap || MetadataPatch.HasLabel(configMap, CacheLabel.Key))
        {
            return [];
        }

        // The mutating webhook sees no name yet with generateName; then only the content can tell.
        var name = request.Name ?? (configMap["metadata"] is JsonObject metadata && metadata["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
        var isNamedCache = name is not null && request.Namespace is not null && index.IsNamedCache(request.Namespace, name);
        return isNamedCache || CacheEntryShape.AllEntriesAreCacheEntries(configMap)
            ? [MetadataPatch.SetLabel(configMap, CacheLabel.Key, CacheLabel.CacheValue)]
            : [];
    }
}
