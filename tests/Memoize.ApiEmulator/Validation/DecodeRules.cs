using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// The type checks kube-apiserver's JSON decoder makes before any validation: a field of the wrong JSON type is a
/// 400 BadRequest (<c>ConfigMap in version "v1" cannot be handled as a ConfigMap: ...</c>), not a 422.
/// </summary>
internal static class DecodeRules
{
    /// <summary>Throws 400 BadRequest when <paramref name="obj"/> cannot be decoded as <paramref name="type"/>.</summary>
    public static void Check(ResourceType type, JsonObject obj)
    {
        if (obj["metadata"] is { } metadata && metadata is not JsonObject)
        {
            Fail(type, $"json: cannot unmarshal {Kind(metadata)} into Go struct field {type.Kind}.metadata of type v1.ObjectMeta");
        }
        var meta = obj["metadata"] as JsonObject;
        foreach (var field in new[] { "name", "generateName", "namespace", "uid", "resourceVersion" })
        {
            if (meta?[field] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                Fail(type, $"json: cannot unmarshal {Kind(value)} into Go struct field ObjectMeta.metadata.{field} of type string");
            }
        }
        foreach (var map in new[] { "labels", "annotations" })
        {
            StringMap(type, meta?[map], $"ObjectMeta.metadata.{map}");
        }
        if (type == ResourceCatalog.ConfigMaps)
        {
            StringMap(type, obj["data"], "ConfigMap.data");
            StringMap(type, obj["binaryData"], "ConfigMap.binaryData");
            if (obj["binaryData"] is JsonObject binary)
            {
                foreach (var (_, value) in binary)
                {
                    var text = value?.GetValue<string>() ?? "";
                    if (!Convert.TryFromBase64String(text, new byte[text.Length], out _))
                    {
                        Fail(type, "illegal base64 data at input byte 0");
                    }
                }
            }
        }
    }

    private static void StringMap(ResourceType type, JsonNode? node, string goField)
    {
        if (node is null)
        {
            return;
        }
        if (node is not JsonObject map)
        {
            Fail(type, $"json: cannot unmarshal {Kind(node)} into Go struct field {goField} of type map[string]string");
            return;
        }
        foreach (var (_, value) in map)
        {
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
            {
                Fail(type, $"json: cannot unmarshal {Kind(value)} into Go struct field {goField} of type string");
            }
        }
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    private static void Fail(ResourceType type, string reason) =>
        throw ApiError.BadRequest($"{type.Kind} in version {GoText.Quote(type.Version)} cannot be handled as a {type.Kind}: {reason}");
}
