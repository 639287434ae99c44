using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>
/// One memoization cache entry: the value of <c>data[&lt;key&gt;]</c> in a cache ConfigMap, in Argo's format.
/// </summary>
/// <param name="NodeId">The node whose outputs were saved; an entry without one is never a hit.</param>
/// <param name="Outputs">The node's outputs kept verbatim (property order and unknown fields preserved); null when none.</param>
/// <param name="CreationTimestamp">When the entry was saved; null is Go's zero time (written as <c>null</c>).</param>
/// <param name="LastHitTimestamp">When a lookup last found the entry; null is Go's zero time.</param>
/// <remarks>Equality compares <see cref="Outputs"/> by reference; compare <see cref="CacheEntryCodec.Write"/> output for value equality.</remarks>
public sealed record CacheEntry(string NodeId, JsonNode? Outputs, DateTimeOffset? CreationTimestamp, DateTimeOffset? LastHitTimestamp)
{
    /// <summary>A new entry as Argo saves one: created and last hit at <paramref name="now"/>.</summary>
    public static CacheEntry Fresh(string nodeId, JsonNode? outputs, DateTimeOffset now) => new(nodeId, outputs, now, now);

    /// <summary>When the entry was last useful: its last hit, else its creation; null when both are zero.</summary>
    public DateTimeOffset? LastUsed => LastHitTimestamp ?? CreationTimestamp;
}
