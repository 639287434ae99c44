using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>
/// A live string-to-string view of one JSON object field (labels, annotations, ConfigMap data): reads and
/// writes go straight to the JSON, and the field is created on the first write.
/// </summary>
internal sealed class JsonStringMap(JsonObject owner, string fieldName) : IDictionary<string, string>
{
    public int Count => Map?.Count ?? 0;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => Map?.Select(pair => pair.Key).ToList() ?? [];

    public ICollection<string> Values => Map?.Select(pair => Text(pair.Value)).ToList() ?? [];

    private JsonObject? Map => owner[fieldName] as JsonObject;

    public string this[string key]
    {
        get => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{fieldName} has no key \"{key}\"");
        set => Ensure()[key] = value;
    }

    public void Add(string key, string value) => Ensure().Add(key, value);

    public void Add(KeyValuePair<string, string> item) => Add(item.Key, item.Value);

    public bool ContainsKey(string key) => Map?.ContainsKey(key) ?? false;

    public bool Contains(KeyValuePair<string, string> item) => TryGetValue(item.Key, out var value) && value == item.Value;

    public bool Remove(string key) => Map?.Remove(key) ?? false;

    public bool Remove(KeyValuePair<string, string> item) => Contains(item) && Remove(item.Key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        if (Map is { } map && map.TryGetPropertyValue(key, out var node))
        {
            value = Text(node);
            return true;
        }

        value = null;
        return false;
    }

    public void Clear() => Map?.Clear();

    public void CopyTo(KeyValuePair<string, string>[] array, int arrayIndex)
    {
        foreach (var pair in this)
        {
            array[arrayIndex++] = pair;
        }
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        // A snapshot, so the caller may change the map while looping over it.
        var pairs = Map?.Select(pair => new KeyValuePair<string, string>(pair.Key, Text(pair.Value))).ToList() ?? [];
        return pairs.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private JsonObject Ensure()
    {
        if (owner[fieldName] is JsonObject map)
        {
            return map;
        }

        map = [];
        owner[fieldName] = map;
        return map;
    }

    private static string Text(JsonNode? node) =>
        node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => node.ToJsonString(),
        };
}
