using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge key by key, null deletes, anything else replaces.</summary>
internal static class MergePatch
{
    /// <summary>Returns <paramref name="target"/> with <paramref name="patch"/> merged in (inputs untouched).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }
        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result.TryGetPropertyValue(key, out var existing) ? existing : null, value);
                result[key] = merged;
            }
        }
        return result;
    }
}
