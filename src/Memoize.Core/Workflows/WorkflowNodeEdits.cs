using System.Text.Json.Nodes;
using Memoize.Core.Cache;

namespace Memoize.Core.Workflows;

/// <summary>The pure JSON edits the reconciler applies to a node after a lookup; every other node field is left untouched.</summary>
public static class WorkflowNodeEdits
{
    /// <summary>
    /// A copy of <paramref name="node"/> marked as a cache hit, as Argo marks one: phase Succeeded, the cached
    /// outputs replayed verbatim (the field removed when the entry has none), memoizationStatus
    /// <c>{hit: true, key, cacheName}</c>, finishedAt = <paramref name="now"/> (whole-second UTC RFC 3339).
    /// </summary>
    public static JsonObject MarkHit(JsonObject node, CacheEntry entry, string key, string cacheName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(entry);
        var copy = (JsonObject)node.DeepClone();
        copy["phase"] = "Succeeded";
        if (entry.Outputs is null)
        {
            copy.Remove("outputs");
        }
        else
        {
            copy["outputs"] = entry.Outputs.DeepClone();
        }

        copy["memoizationStatus"] = Status(true, key, cacheName);
        copy["finishedAt"] = GoJson.FormatTimestamp(now);
        return copy;
    }

    /// <summary>A copy of <paramref name="node"/> with memoizationStatus <c>{hit: false, key, cacheName}</c>: the node runs normally.</summary>
    public static JsonObject MarkMiss(JsonObject node, string key, string cacheName)
    {
        ArgumentNullException.ThrowIfNull(node);
        var copy = (JsonObject)node.DeepClone();
        copy["memoizationStatus"] = Status(false, key, cacheName);
        return copy;
    }

    private static JsonObject Status(bool hit, string key, string cacheName) =>
        new() { ["hit"] = hit, ["key"] = key, ["cacheName"] = cacheName };
}
