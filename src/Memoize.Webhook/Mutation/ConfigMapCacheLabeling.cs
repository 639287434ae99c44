using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Objects;
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
        // Most ConfigMaps get no label: that is decided on the JSON as parsed, and nodes are built only for the rest.
        if (request.ObjectJson is { ValueKind: JsonValueKind.Object } json && HasPlainMetadata(json))
        {
            if (HasLabel(json, CacheLabel.Key))
            {
                return [];
            }

            // The mutating webhook sees no name yet with generateName; then only the content can tell.
            var plainName = request.Name ?? JsonProperties.String(JsonProperties.Object(json, "metadata"u8), "name"u8);
            if (!IsNamedCache(request, plainName) && !HasData(json))
            {
                return [];
            }
        }

        if (request.Object is not JsonObject configMap || MetadataPatch.HasLabel(configMap, CacheLabel.Key))
        {
            return [];
        }

        var name = request.Name ?? (configMap["metadata"] is JsonObject metadata && metadata["name"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null);
        return IsNamedCache(request, name) || CacheEntryShape.AllEntriesAreCacheEntries(configMap)
            ? [MetadataPatch.SetLabel(configMap, CacheLabel.Key, CacheLabel.CacheValue)]
            : [];
    }

    private bool IsNamedCache(AdmissionRequest request, string? name) =>
        name is not null && request.Namespace is not null && index.IsNamedCache(request.Namespace, name);

    // metadata as an object, null or absent: anything else is left to the node path, which answers it as before.
    private static bool HasPlainMetadata(JsonElement configMap) =>
        !configMap.TryGetProperty("metadata"u8, out var metadata) || metadata.ValueKind is JsonValueKind.Object or JsonValueKind.Null;

    private static bool HasLabel(JsonElement configMap, string key) =>
        JsonProperties.Object(JsonProperties.Object(configMap, "metadata"u8), "labels"u8) is { } labels && labels.TryGetProperty(key, out _);

    // Without a non-empty data object no entry can be a cache entry (CacheEntryShape's first checks).
    private static bool HasData(JsonElement configMap) =>
        JsonProperties.Object(configMap, "data"u8) is { } data && data.EnumerateObject().Any();
}
