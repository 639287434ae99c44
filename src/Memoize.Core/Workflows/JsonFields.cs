using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>Small typed reads of Argo JSON fields that tolerate absent or mistyped values.</summary>
internal static class JsonFields
{
    /// <summary>The string value of <paramref name="node"/>, or null when it is absent or not a string.</summary>
    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A scalar as Argo's AnyString reads it: strings as they are, numbers and booleans in their JSON spelling.</summary>
    public static string? Scalar(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }

    /// <summary>The boolean value of <paramref name="node"/>, or null when absent or not a boolean.</summary>
    public static bool? Boolean(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    /// <summary>
    /// The node at <paramref name="path"/> under <paramref name="node"/>, or null when a step is absent or not an
    /// object: indexing any other JSON node throws, and objects from admission or hand-written CRs can hold anything.
    /// </summary>
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject obj ? obj[step] : null;
        }
        return node;
    }

    /// <summary>The element of a list of named objects (templates, parameters) whose <c>name</c> equals <paramref name="name"/>.</summary>
    public static JsonObject? Named(JsonNode? list, string name) =>
        (list as JsonArray)?.OfType<JsonObject>().FirstOrDefault(item => String(item["name"]) == name);
}
