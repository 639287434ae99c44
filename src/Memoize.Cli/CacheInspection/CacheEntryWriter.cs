using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;

namespace Memoize.Cli.CacheInspection;

/// <summary>Writes <c>memoize cache get</c>: the stored entry as indented JSON, or a JSON object with the raw value and its parsed fields.</summary>
public static class CacheEntryWriter
{
    /// <summary>Writes the stored value indented, fields in their stored order; a value that is not JSON is written as it is.</summary>
    public static void WriteText(string value, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        try
        {
            CacheJson.Write(output, JsonNode.Parse(value));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            output.WriteLine(value);
        }
    }

    /// <summary>
    /// Writes one JSON object: namespace, configMap, key, bytes, malformed, error (Argo's text or null), nodeID,
    /// outputs, creationTimestamp and lastHitTimestamp (as Argo reads them; null when malformed), and value (the raw text).
    /// </summary>
    public static void WriteJson(string @namespace, string configMap, string key, string value, CacheEntryReadResult read, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(read);
        var entry = read.Entry;
        CacheJson.Write(output, new JsonObject
        {
            ["namespace"] = @namespace,
            ["configMap"] = configMap,
            ["key"] = key,
            ["bytes"] = CacheBudget.ValueBytes(value),
            ["malformed"] = read.IsMalformed,
            ["error"] = read.Error,
            ["nodeID"] = entry?.NodeId,
            ["outputs"] = entry?.Outputs?.DeepClone(),
            ["creationTimestamp"] = CacheJson.Timestamp(entry?.CreationTimestamp),
            ["lastHitTimestamp"] = CacheJson.Timestamp(entry?.LastHitTimestamp),
            ["value"] = value,
        });
    }
}
