using System.Text.Json.Nodes;

namespace Memoize.Webhook.Admission;

/// <summary>One RFC 6902 JSON Patch operation, e.g. <c>{"op":"add","path":"/metadata/labels","value":{...}}</c>.</summary>
/// <param name="Op">The operation: <c>add</c> or <c>remove</c> (the only ones the webhook needs).</param>
/// <param name="Path">The RFC 6901 JSON Pointer, with <c>~</c> escaped as <c>~0</c> and <c>/</c> as <c>~1</c>.</param>
/// <param name="Value">The value for <c>add</c>; null for <c>remove</c>.</param>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value)
{
    /// <summary>An <c>add</c> operation (which also replaces an existing member).</summary>
    public static JsonPatchOperation Add(string path, JsonNode value) => new("add", path, value);

    /// <summary>A <c>remove</c> operation.</summary>
    public static JsonPatchOperation Remove(string path) => new("remove", path, null);

    /// <summary>Escapes one reference token for a JSON Pointer (RFC 6901): <c>~</c> becomes <c>~0</c>, <c>/</c> becomes <c>~1</c>.</summary>
    public static string EscapeToken(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>The operation as JSON.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["op"] = Op, ["path"] = Path };
        if (Op != "remove")
        {
            json["value"] = Value?.DeepClone();
        }

        return json;
    }
}
