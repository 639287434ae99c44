using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Wire;

/// <summary>Reads and writes JSON the way the emulator puts it on the wire.</summary>
internal static class WireJson
{
    /// <summary>The writer settings: compact, and no escaping beyond what JSON needs (like Go, which only escapes HTML characters).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Serializes <paramref name="node"/> compactly.</summary>
    public static string Serialize(JsonNode? node) => node is null ? "null" : node.ToJsonString(Options);

    /// <summary>Parses <paramref name="text"/>; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: DocumentOptions);

    /// <summary>Parses a JSON object, or returns null with a reason when the text is not one.</summary>
    public static JsonObject? TryParseObject(string text, out string error)
    {
        error = "";
        try
        {
            var node = Parse(text);
            if (node is JsonObject obj)
            {
                return obj;
            }
            error = node is null ? "the body is JSON null, not an object" : $"the body is a JSON {node.GetValueKind().ToString().ToLowerInvariant()}, not an object";
            return null;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return null;
        }
    }

    /// <summary>A deep copy that shares nothing with <paramref name="node"/>.</summary>
    public static JsonObject Clone(JsonObject node) => (JsonObject)node.DeepClone();

    /// <summary>Reads a string property, or null when absent or not a string.</summary>
    public static string? GetString(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : null;

    /// <summary>Reads a child object, or null when absent or not an object.</summary>
    public static JsonObject? GetObject(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var value) ? value as JsonObject : null;

    /// <summary>Reads a map of strings (labels, annotations, ConfigMap data); non-string values are skipped.</summary>
    public static SortedDictionary<string, string> GetStringMap(JsonObject? obj, string name)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (GetObject(obj, name) is { } map)
        {
            foreach (var (key, value) in map)
            {
                if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                {
                    result[key] = v.GetValue<string>();
                }
            }
        }
        return result;
    }

    /// <summary>Returns the object's metadata, creating it when absent.</summary>
    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }
        metadata = [];
        obj["metadata"] = metadata;
        return metadata;
    }
}
