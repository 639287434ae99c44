using Memoize.Core.Durations;

namespace Memoize.Core.Cache;

/// <summary>Plans garbage collection of one cache ConfigMap. Pure: the reconciler applies the plan through <see cref="CacheWritePlan"/>.</summary>
public static class CacheGarbageCollector
{
    /// <summary>
    /// The age beyond which no template can hit an entry: the largest maxAge of the templates that name the cache,
    /// but only when every such template is known and every one has a maxAge; otherwise null (no such rule).
    /// </summary>
    /// <param name="maxAges">The maxAge of each template that names the cache (null for a template without one or with an unknown one).</param>
    /// <param name="allTemplatesKnown">True only when the caller has seen every Workflow, WorkflowTemplate and ClusterWorkflowTemplate that could name the cache.</param>
    public static GoDuration? RetentionFor(IReadOnlyCollection<GoDuration?> maxAges, bool allTemplatesKnown)
    {
        ArgumentNullException.ThrowIfNull(maxAges);
        if (!allTemplatesKnown || maxAges.Count == 0 || maxAges.Any(m => m is null))
        {
            return null;
        }

        return new GoDuration(maxAges.Max(m => m!.Value.Nanoseconds));
    }

    /// <summary>
    /// Picks the entries to delete: those not hit for longer than <paramref name="notHitFor"/> (lastHitTimestamp,
    /// else creationTimestamp; an entry with neither, or an empty value, counts as never hit) and those older than
    /// <paramref name="retention"/> (creationTimestamp strictly older; a zero one counts as older). Either rule is
    /// off when its age is null. Unlike Argo, a malformed entry does not stop the pass: it is kept and reported.
    /// </summary>
    /// <param name="data">The ConfigMap's data (null when it has none).</param>
    /// <param name="now">The current time.</param>
    /// <param name="notHitFor">Delete entries not hit for longer than this; null to keep them.</param>
    /// <param name="retention">Delete entries older than this (see <see cref="RetentionFor"/>); null to keep them.</param>
    /// <param name="hasBinaryData">True when the ConfigMap also has binaryData, so it never becomes empty.</param>
    public static CacheGarbageCollectionPlan Plan(
        IReadOnlyDictionary<string, string>? data,
        DateTimeOffset now,
        GoDuration? notHitFor,
        GoDuration? retention,
        bool hasBinaryData = false)
    {
        var remaining = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in data ?? new Dictionary<string, string>())
        {
            remaining[key] = value;
        }

        var garbage = new List<CacheGarbage>();
        var operations = new List<RemoveOperation>();
        var malformed = new List<string>();
        foreach (var (key, value) in remaining.ToList())
        {
            CacheEntry entry;
            if (value.Length == 0)
            {
                entry = new CacheEntry("", null, null, null);
            }
            else if (CacheEntryCodec.Read(value).Entry is { } read)
            {
                entry = read;
            }
            else
            {
                malformed.Add(key);
                continue;
            }

            var found = Judge(key, entry, now, notHitFor, retention);
            if (found is not null)
            {
                garbage.Add(found);
                operations.Add(new RemoveOperation(key, value));
                remaining.Remove(key);
            }
        }

        return new CacheGarbageCollectionPlan(garbage, operations, malformed, remaining, remaining.Count == 0 && !hasBinaryData);
    }

    private static CacheGarbage? Judge(string key, CacheEntry entry, DateTimeOffset now, GoDuration? notHitFor, GoDuration? retention)
    {
        if (retention is { } oldest && (entry.CreationTimestamp is not { } created || CacheLookup.IsOlderThan(created, oldest, now)))
        {
            var age = entry.CreationTimestamp is { } c ? $"created at {GoJson.FormatTimestamp(c)}" : "without a creationTimestamp";
            return new CacheGarbage(key, CacheGarbageReason.OlderThanEveryMaxAge,
                $"deleted cache entry \"{key}\": {age}, it is older than the maxAge of every template that uses this cache, so no lookup can hit it");
        }

        if (notHitFor is { } idle && (entry.LastUsed is not { } used || CacheLookup.IsOlderThan(used, idle, now)))
        {
            var last = entry.LastUsed is { } u ? $"last used at {GoJson.FormatTimestamp(u)}" : "never hit";
            return new CacheGarbage(key, CacheGarbageReason.NotHit,
                $"deleted cache entry \"{key}\": {last}, longer ago than the not-hit age");
        }

        return null;
    }
}
