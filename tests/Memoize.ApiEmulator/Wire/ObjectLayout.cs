using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;

namespace Memoize.ApiEmulator.Wire;

/// <summary>
/// Puts an object's fields in the order kube-apiserver writes them: Go struct order for built-in kinds
/// (kind, apiVersion, metadata in ObjectMeta order, then the kind's fields, map keys sorted), and sorted keys
/// at every level for custom resources (they are Go maps). Unknown top-level and metadata fields are dropped,
/// as the typed decoder and the CRD's structural schema do.
/// </summary>
internal static class ObjectLayout
{
    private static readonly string[] MetadataOrder =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
    ];

    private static readonly HashSet<string> SortedMaps = new(StringComparer.Ordinal) { "labels", "annotations", "data", "binaryData" };

    /// <summary>Returns a new object with <paramref name="obj"/>'s kept fields in wire order.</summary>
    public static JsonObject Arrange(ResourceType type, JsonObject obj)
    {
        if (type.IsCustomResource)
        {
            var pruned = new JsonObject();
            foreach (var name in new[] { "apiVersion", "kind", "metadata" }.Concat(type.Fields))
            {
                if (obj.TryGetPropertyValue(name, out var value))
                {
                    pruned[name] = name == "metadata" && value is JsonObject meta ? ArrangeMetadata(meta) : value?.DeepClone();
                }
            }
            return (JsonObject)SortKeys(pruned)!;
        }

        var result = new JsonObject
        {
            ["kind"] = obj["kind"]?.DeepClone() ?? type.Kind,
            ["apiVersion"] = obj["apiVersion"]?.DeepClone() ?? type.ApiVersion,
            ["metadata"] = ArrangeMetadata(obj["metadata"] as JsonObject ?? []),
        };
        foreach (var name in type.Fields)
        {
            if (obj.TryGetPropertyValue(name, out var value))
            {
                result[name] = SortedMaps.Contains(name) && value is JsonObject map ? SortKeys(map) : value?.DeepClone();
            }
        }
        return result;
    }

    /// <summary>ObjectMeta in Go field order, with creationTimestamp written as null when unset (Go always writes it).</summary>
    public static JsonObject ArrangeMetadata(JsonObject metadata)
    {
        var result = new JsonObject();
        foreach (var name in MetadataOrder)
        {
            if (metadata.TryGetPropertyValue(name, out var value))
            {
                result[name] = SortedMaps.Contains(name) && value is JsonObject map ? SortKeys(map) : value?.DeepClone();
            }
            else if (name == "creationTimestamp")
            {
                result[name] = null;
            }
        }
        return result;
    }

    /// <summary>A deep copy with object keys sorted ordinally at every level, as Go's encoding/json writes maps.</summary>
    public static JsonNode? SortKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    sorted[key] = SortKeys(value);
                }
                return sorted;
            case JsonArray array:
                var copy = new JsonArray();
                foreach (var item in array)
                {
                    copy.Add(SortKeys(item));
                }
                return copy;
            default:
                return node?.DeepClone();
        }
    }
}
