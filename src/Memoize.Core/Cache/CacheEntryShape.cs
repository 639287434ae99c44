using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>
/// Recognizes Argo cache entries by their shape, leniently (a JSON object with a string <c>nodeID</c>, any case),
/// so that a ConfigMap whose every data entry is one can be labelled as a cache.
/// </summary>
public static class CacheEntryShape
{
    /// <summary>True when <paramref name="value"/> is a JSON object with a string field named nodeID (case-insensitive).</summary>
    public static bool IsCacheEntry(string value)
    {
        try
        {
            using var document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "nodeID", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind == JsonValueKind.String;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when the ConfigMap has at least one data entry, every one is a cache entry, and it has no binaryData.</summary>
    public static bool AllEntriesAreCacheEntries(JsonObject configMap)
    {
        if (configMap["binaryData"] is JsonObject binary && binary.Count > 0)
        {
            return false;
        }

        if (configMap["data"] is not JsonObject data || data.Count == 0)
        {
            return false;
        }

        foreach (var (_, value) in data)
        {
            if (value is not JsonValue text || !text.TryGetValue<string>(out var entry) || !IsCacheEntry(entry))
            {
                return false;
            }
        }

        return true;
    }
}
