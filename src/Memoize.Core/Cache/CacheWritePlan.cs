using Memoize.Core.Durations;
using Memoize.Core.Keys;

namespace Memoize.Core.Cache;

/// <summary>
/// The coalescing merge: applies a batch of pending operations to a cache ConfigMap's data in one step,
/// within a size budget. Pure and idempotent (applying the same batch to its own result changes nothing),
/// so after a 409 Conflict the reconciler re-reads the ConfigMap and re-applies the same batch without loss.
/// </summary>
/// <remarks>
/// The caller must first check the ConfigMap's label with <see cref="CacheLabel.Check(IReadOnlyDictionary{string, string}?)"/>:
/// data of a ConfigMap that is not labelled <c>Cache</c> is never written. When the ConfigMap does not exist,
/// pass null and create it, labelled, only when the result has <see cref="CacheWriteResult.Changed"/>.
/// </remarks>
public static class CacheWritePlan
{
    /// <summary>
    /// Applies <paramref name="operations"/> to <paramref name="currentData"/> (removals first, then stores, then
    /// touches, each kind in queue order; only the first Store of a key counts), then fits the result into
    /// <paramref name="budget"/> (default <see cref="CacheBudget.Default"/>) with <see cref="CacheBudget.Plan"/>,
    /// never evicting a key a Store in this batch names. A refused store leaves its key as it was.
    /// </summary>
    /// <param name="currentData">The ConfigMap's data as just read; null when the ConfigMap does not exist.</param>
    /// <param name="operations">The pending operations, oldest first.</param>
    /// <param name="now">The current time, for judging whether existing entries are still valid.</param>
    /// <param name="budget">The size budget; null for the default.</param>
    /// <param name="maxAgeOf">The maxAge of the template owning a key, when known (for evicting expired entries first); the batch's own Store maxAges are used otherwise.</param>
    /// <param name="binaryDataBytes">The decoded size of the ConfigMap's binaryData.</param>
    public static CacheWriteResult Compute(
        IReadOnlyDictionary<string, string>? currentData,
        IReadOnlyList<CacheOperation> operations,
        DateTimeOffset now,
        CacheBudget? budget = null,
        Func<string, GoDuration?>? maxAgeOf = null,
        long binaryDataBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(operations);
        budget ??= CacheBudget.Default;
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in currentData ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        var outcomes = new CacheWriteOutcome?[operations.Count];
        var storeKeys = new List<string>();
        var valueBeforeStore = new Dictionary<string, string?>(StringComparer.Ordinal);
        var storeOutcomeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var storeMaxAge = new Dictionary<string, GoDuration?>(StringComparer.Ordinal);

        // Kinds apply in a fixed order, each in queue order: removals, then stores, then touches. This keeps the
        // batch idempotent: a touch queued before a store still lands on the stored entry on every application.
        for (var i = 0; i < operations.Count; i++)
        {
            switch (operations[i])
            {
                case RemoveOperation remove:
                    outcomes[i] = ApplyRemove(data, remove);
                    break;
                case StoreOperation or TouchLastHitOperation:
                    break;
                default:
                    throw new ArgumentException($"unknown cache operation {operations[i].GetType().Name}", nameof(operations));
            }
        }

        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is StoreOperation store)
            {
                outcomes[i] = ApplyStore(data, store, now, storeKeys, valueBeforeStore, storeMaxAge, storeOutcomeIndex, i);
            }
        }

        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i] is TouchLastHitOperation touch)
            {
                outcomes[i] = ApplyTouch(data, touch);
            }
        }

        // The budget sees each stored key at its value before the batch's store, with the stored value as a write,
        // so a refused store leaves the key as it was. Keys whose store was skipped are protected too (same value).
        var before = new Dictionary<string, string>(data, StringComparer.Ordinal);
        var writes = new List<KeyValuePair<string, string>>();
        foreach (var key in storeKeys.Where(data.ContainsKey))
        {
            writes.Add(new KeyValuePair<string, string>(key, data[key]));
            if (storeOutcomeIndex.ContainsKey(key))
            {
                if (valueBeforeStore[key] is { } old)
                {
                    before[key] = old;
                }
                else
                {
                    before.Remove(key);
                }
            }
        }

        var plan = budget.Plan(
            before,
            writes,
            now,
            key => maxAgeOf?.Invoke(key) ?? storeMaxAge.GetValueOrDefault(key),
            binaryDataBytes);

        foreach (var refusal in plan.Refused)
        {
            if (storeOutcomeIndex.TryGetValue(refusal.Key, out var index))
            {
                outcomes[index] = new CacheWriteOutcome(refusal.Key, CacheWriteOutcomeKind.Refused, refusal.Message);
            }
        }

        var allOutcomes = outcomes.Select(o => o!)
            .Concat(plan.Evicted.Select(e => new CacheWriteOutcome(e.Key, CacheWriteOutcomeKind.Evicted, e.Message)))
            .ToList();

        var malformed = plan.Data
            .Where(pair => pair.Value.Length > 0 && CacheEntryCodec.Read(pair.Value).IsMalformed)
            .Select(pair => pair.Key)
            .ToList();
        return new CacheWriteResult(plan.Data, !SameData(currentData, plan.Data), allOutcomes, malformed, plan.SizeBytes, plan.WithinBudget);
    }

    private static CacheWriteOutcome ApplyStore(
        Dictionary<string, string> data,
        StoreOperation store,
        DateTimeOffset now,
        List<string> storeKeys,
        Dictionary<string, string?> valueBeforeStore,
        Dictionary<string, GoDuration?> storeMaxAge,
        Dictionary<string, int> storeOutcomeIndex,
        int outcomeIndex)
    {
        var key = store.Key;
        if (!CacheKey.IsValid(key))
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Refused,
                $"invalid cache key: {key} (a key must start with a letter or digit, contain only letters, digits and '-' " +
                $"(regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most {CacheKey.MaxLength} characters)");
        }

        // One store per key and batch: later ones would make the result depend on what the first one left behind.
        if (storeKeys.Contains(key))
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped,
                $"an earlier store of \"{key}\" in the same batch wins; node {store.Entry.NodeId} is not stored");
        }

        storeKeys.Add(key);
        storeMaxAge[key] = store.MaxAge;
        var existing = data.GetValueOrDefault(key);
        var lookup = CacheLookup.Decide(existing, store.MaxAge, now);
        if (lookup.IsHit)
        {
            var holder = lookup.Entry!.NodeId;
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, holder == store.Entry.NodeId
                ? $"cache entry \"{key}\" already holds the outputs of node {holder}"
                : $"cache entry \"{key}\" already holds a valid entry from node {holder}; the first writer wins, node {store.Entry.NodeId} is not stored");
        }

        valueBeforeStore[key] = existing;
        storeOutcomeIndex[key] = outcomeIndex;
        data[key] = CacheEntryCodec.Write(store.Entry);
        var replaced = lookup.Outcome == CacheLookupOutcome.Malformed
            ? ", replacing a malformed entry"
            : lookup.MissReason is CacheMissReason.Absent ? "" : $", replacing an entry that could not be a hit ({lookup.Message})";
        return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Stored, $"stored the outputs of node {store.Entry.NodeId} under \"{key}\"{replaced}");
    }

    private static CacheWriteOutcome ApplyTouch(Dictionary<string, string> data, TouchLastHitOperation touch)
    {
        var key = touch.Key;
        if (!data.TryGetValue(key, out var existing) || existing.Length == 0)
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, $"cache entry \"{key}\" is gone: nothing to touch");
        }

        var read = CacheEntryCodec.Read(existing);
        if (read.Entry is not { } entry)
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, $"cache entry \"{key}\" is malformed: not touched");
        }

        var time = WholeSecond(touch.Time);
        if (entry.LastHitTimestamp is { } lastHit && WholeSecond(lastHit) >= time)
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, $"cache entry \"{key}\" was already hit at {GoJson.FormatTimestamp(lastHit)}");
        }

        data[key] = CacheEntryCodec.Write(entry with { LastHitTimestamp = time });
        return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Touched, $"cache entry \"{key}\" hit at {GoJson.FormatTimestamp(time)}");
    }

    private static CacheWriteOutcome ApplyRemove(Dictionary<string, string> data, RemoveOperation remove)
    {
        var key = remove.Key;
        if (!data.TryGetValue(key, out var existing))
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, $"cache entry \"{key}\" is already gone");
        }

        if (remove.ExpectedValue is { } expected && expected != existing)
        {
            return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Skipped, $"cache entry \"{key}\" changed since its removal was planned: kept");
        }

        data.Remove(key);
        return new CacheWriteOutcome(key, CacheWriteOutcomeKind.Removed, $"removed cache entry \"{key}\"");
    }

    /// <summary>Timestamps are stored in whole seconds, so comparisons and writes use whole seconds too.</summary>
    private static DateTimeOffset WholeSecond(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static bool SameData(IReadOnlyDictionary<string, string>? current, IReadOnlyDictionary<string, string> next)
    {
        var count = current?.Count ?? 0;
        if (count != next.Count)
        {
            return false;
        }

        foreach (var (key, value) in next)
        {
            if (current is null || !current.TryGetValue(key, out var old) || old != value)
            {
                return false;
            }
        }

        return true;
    }
}
