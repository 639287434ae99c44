using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Webhook.Admission;

namespace Memoize.Webhook.Mutation;

/// <summary>
/// JSON Patch operations on metadata.labels and metadata.annotations that work whether or not the map exists
/// (adding a member to an absent map fails in RFC 6902, so the whole map is added then) and escape <c>/</c> in keys.
/// </summary>
public static class MetadataPatch
{
    /// <summary>Sets label <paramref name="key"/> to <paramref name="value"/>.</summary>
    public static JsonPatchOperation SetLabel(JsonObject target, string key, string value) => Set(target, "labels", key, value);

    /// <summary>Sets annotation <paramref name="key"/> to <paramref name="value"/> on an object read as read-only JSON.</summary>
    public static JsonPatchOperation SetAnnotation(JsonElement target, string key, string value)
    {
        var metadata = JsonProperties.Object(target, "metadata"u8);
        return Set(metadata is not null, JsonProperties.Object(metadata, "annotations"u8) is not null, "annotations", key, value);
    }

    /// <summary>The value of annotation <paramref name="key"/> of an object read as read-only JSON, or null.</summary>
    public static string? Annotation(JsonElement target, string key) =>
        JsonProperties.Object(JsonProperties.Object(target, "metadata"u8), "annotations"u8) is { } annotations
        && annotations.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Removes annotation <paramref name="key"/>, which must exist.</summary>
    public static JsonPatchOperation RemoveAnnotation(string key) => JsonPatchOperation.Remove("/metadata/annotations/" + JsonPatchOperation.EscapeToken(key));

    /// <summary>True when the label key is present at all (with any value, even an empty one).</summary>
    public static bool HasLabel(JsonObject target, string key) => Map(target, "labels") is { } labels && labels.ContainsKey(key);

    private static JsonPatchOperation Set(JsonObject target, string map, string key, string value) =>
        Set(target["metadata"] is JsonObject, Map(target, map) is not null, map, key, value);

    // Adding a member to an absent map fails in RFC 6902: the missing level is added whole instead.
    private static JsonPatchOperation Set(bool hasMetadata, bool hasMap, string map, string key, string value)
    {
        if (!hasMetadata)
        {
            return JsonPatchOperation.Add("/metadata", new JsonObject { [map] = new JsonObject { [key] = value } });
        }

        return hasMap
            ? JsonPatchOperation.Add($"/metadata/{map}/{JsonPatchOperation.EscapeToken(key)}", JsonValue.Create(value))
            : JsonPatchOperation.Add($"/metadata/{map}", new JsonObject { [key] = value });
    }

    // metadata.labels or metadata.annotations when both levels are objects. Indexing a JsonNode that is not an object
    // throws, and a hostile review (never kube-apiserver, which decodes metadata first) can send any JSON there.
    private static JsonObject? Map(JsonObject target, string map) => target["metadata"] is JsonObject metadata && metadata[map] is JsonObject values ? values : null;
}
