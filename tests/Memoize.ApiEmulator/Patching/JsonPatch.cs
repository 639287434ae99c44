using System.Globalization;
using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Patching;

/// <summary>RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over System.Text.Json nodes.</summary>
internal static class JsonPatch
{
    /// <summary>
    /// Applies <paramref name="operations"/> to a copy of <paramref name="document"/> and returns it;
    /// throws <see cref="JsonPatchException"/> when an operation cannot be applied.
    /// </summary>
    public static JsonNode? Apply(JsonNode? document, JsonArray operations)
    {
        var root = new JsonObject { ["doc"] = document?.DeepClone() };
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject op)
            {
                throw new JsonPatchException($"operation {i} is not a JSON object");
            }
            var kind = Text(op, "op", i);
            var path = Text(op, "path", i);
            switch (kind)
            {
                case "add":
                    Add(root, path, Value(op, i));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(op, i));
                    break;
                case "move":
                    var from = Text(op, "from", i);
                    var moved = Get(root, from);
                    Remove(root, from);
                    Add(root, path, moved?.DeepClone());
                    break;
                case "copy":
                    Add(root, path, Get(root, Text(op, "from", i))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), Value(op, i)))
                    {
                        throw new JsonPatchException($"testing value {path} failed: test failed");
                    }
                    break;
                default:
                    throw new JsonPatchException($"Unexpected kind: {kind}");
            }
        }
        var result = root["doc"];
        root.Remove("doc");
        return result;
    }

    private static string Text(JsonObject op, string name, int index) =>
        op[name] is JsonValue v && v.TryGetValue<string>(out var text)
            ? text
            : throw new JsonPatchException($"operation {index} has no \"{name}\"");

    private static JsonNode? Value(JsonObject op, int index) =>
        op.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw new JsonPatchException($"operation {index} has no \"value\"");

    private static IReadOnlyList<string> Tokens(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }
        if (!pointer.StartsWith('/'))
        {
            throw new JsonPatchException($"JSON pointer must be empty or start with a \"/\": {pointer}");
        }
        return pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    // The document hangs under root["doc"], so every pointer has a parent container.
    private static (JsonNode Parent, string Token) Parent(JsonObject root, string pointer)
    {
        JsonNode current = root;
        var tokens = new List<string> { "doc" };
        tokens.AddRange(Tokens(pointer));
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            current = Child(current, tokens[i], pointer) ?? throw new JsonPatchException($"doc is missing path: {pointer}");
        }
        return (current, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token, string pointer) => node switch
    {
        JsonObject obj => obj.TryGetPropertyValue(token, out var value) ? value : throw new JsonPatchException($"doc is missing path: {pointer}"),
        JsonArray array => array[Index(array, token, pointer, allowEnd: false)],
        _ => throw new JsonPatchException($"doc is missing path: {pointer}"),
    };

    private static JsonNode? Get(JsonObject root, string pointer)
    {
        var (parent, token) = Parent(root, pointer);
        return Child(parent, token, pointer);
    }

    private static void Add(JsonObject root, string pointer, JsonNode? value)
    {
        var (parent, token) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject obj:
                obj[token] = value;
                break;
            case JsonArray array:
                if (token == "-")
                {
                    array.Add(value);
                }
                else
                {
                    array.Insert(Index(array, token, pointer, allowEnd: true), value);
                }
                break;
            default:
                throw new JsonPatchException($"doc is missing path: {pointer}");
        }
    }

    private static void Remove(JsonObject root, string pointer)
    {
        var (parent, token) = Parent(root, pointer);
        switch (parent)
        {
            case JsonObject obj:
                if (!obj.Remove(token))
                {
                    throw new JsonPatchException($"unable to remove nonexistent key: {token}: missing value");
                }
                break;
            case JsonArray array:
                array.RemoveAt(Index(array, token, pointer, allowEnd: false));
                break;
            default:
                throw new JsonPatchException($"doc is missing path: {pointer}");
        }
    }

    private static int Index(JsonArray array, string token, string pointer, bool allowEnd)
    {
        if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || (token.Length > 1 && token[0] == '0'))
        {
            throw new JsonPatchException($"invalid array index {token} in {pointer}");
        }
        var limit = allowEnd ? array.Count : array.Count - 1;
        if (index > limit)
        {
            throw new JsonPatchException($"Unable to access invalid index: {index}: invalid index referenced");
        }
        return index;
    }
}
