using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Cache;

public class CacheWritePlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly GoDuration TenSeconds = new(10_000_000_000);

    private static CacheEntry Fresh(string nodeId, DateTimeOffset? at = null) =>
        CacheEntry.Fresh(nodeId, JsonNode.Parse("""{"parameters":[{"name":"out","value":"hello"}],"exitCode":"0"}"""), at ?? Now);

    private static string Raw(CacheEntry entry) => CacheEntryCodec.Write(entry);

    [Fact]
    public void Store_into_a_missing_configmap_writes_Argos_entry()
    {
        var result = CacheWritePlan.Compute(null, [new StoreOperation("hello", Fresh("memo-1"), null)], Now);

        Assert.True(result.Changed);
        Assert.Equal(
            "{\"nodeID\":\"memo-1\",\"outputs\":{\"parameters\":[{\"name\":\"out\",\"value\":\"hello\"}],\"exitCode\":\"0\"},\"creationTimestamp\":\"2026-01-02T03:04:05Z\",\"lastHitTimestamp\":\"2026-01-02T03:04:05Z\"}",
            result.Data["hello"]);
        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(new CacheWriteOutcome("hello", CacheWriteOutcomeKind.Stored, "stored the outputs of node memo-1 under \"hello\""), outcome);
    }

    [Fact]
    public void Store_is_skipped_when_the_key_holds_a_valid_entry_of_another_node_first_writer_wins()
    {
        var current = new Dictionary<string, string> { ["hello"] = Raw(Fresh("memo-1", Now.AddSeconds(-5))) };

        var result = CacheWritePlan.Compute(current, [new StoreOperation("hello", Fresh("memo-2"), TenSeconds)], Now);

        Assert.False(result.Changed);
        Assert.Equal(current["hello"], result.Data["hello"]);
        Assert.Equal(
            new CacheWriteOutcome("hello", CacheWriteOutcomeKind.Skipped, "cache entry \"hello\" already holds a valid entry from node memo-1; the first writer wins, node memo-2 is not stored"),
            Assert.Single(result.Outcomes));
    }

    public static TheoryData<string, string, string> Replaceable => new()
    {
        { "expired", Raw(Fresh("memo-1", Now.AddSeconds(-11))), ", replacing an entry that could not be a hit (miss: the cache entry was created at 2026-01-02T03:03:54Z, more than maxAge 10s ago)" },
        { "no nodeID", Raw(Fresh("", Now)), ", replacing an entry that could not be a hit (miss: the cache entry has no nodeID)" },
        { "empty", "", ", replacing an entry that could not be a hit (miss: the cache entry is empty)" },
        { "malformed", "{broken", ", replacing a malformed entry" },
    };

    [Theory]
    [MemberData(nameof(Replaceable))]
    public void Store_replaces_an_entry_that_cannot_be_a_hit(string name, string existing, string suffix)
    {
        _ = name;
        var current = new Dictionary<string, string> { ["hello"] = existing };

        var result = CacheWritePlan.Compute(current, [new StoreOperation("hello", Fresh("memo-2"), TenSeconds)], Now);

        Assert.Equal(Raw(Fresh("memo-2")), result.Data["hello"]);
        Assert.Equal("stored the outputs of node memo-2 under \"hello\"" + suffix, Assert.Single(result.Outcomes).Message);
        Assert.Empty(result.MalformedKeys);
    }

    [Fact]
    public void Two_stores_of_one_key_in_a_batch_keep_the_first()
    {
        var result = CacheWritePlan.Compute(null, [new StoreOperation("k", Fresh("memo-1"), null), new StoreOperation("k", Fresh("memo-2"), null)], Now);

        Assert.Equal(Raw(Fresh("memo-1")), result.Data["k"]);
        Assert.Equal([CacheWriteOutcomeKind.Stored, CacheWriteOutcomeKind.Skipped], result.Outcomes.Select(o => o.Kind));
        Assert.Equal("an earlier store of \"k\" in the same batch wins; node memo-2 is not stored", result.Outcomes[1].Message);
    }

    [Fact]
    public void Store_with_an_invalid_key_is_refused_with_the_rule()
    {
        var result = CacheWritePlan.Compute(null, [new StoreOperation("a.b", Fresh("memo-1"), null)], Now);

        Assert.False(result.Changed);
        Assert.Equal(
            new CacheWriteOutcome("a.b", CacheWriteOutcomeKind.Refused, "invalid cache key: a.b (a key must start with a letter or digit, contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$) and be at most 253 characters)"),
            Assert.Single(result.Outcomes));
    }

    [Fact]
    public void Touch_moves_lastHitTimestamp_forward_in_whole_seconds_and_never_back()
    {
        var current = new Dictionary<string, string> { ["k"] = Raw(Fresh("memo-1", Now)) };
        var later = Now.AddSeconds(30).AddMilliseconds(999);

        var result = CacheWritePlan.Compute(current, [new TouchLastHitOperation("k", later), new TouchLastHitOperation("k", Now.AddSeconds(10))], Now);

        Assert.Equal(Raw(Fresh("memo-1", Now) with { LastHitTimestamp = Now.AddSeconds(30) }), result.Data["k"]);
        Assert.Equal(
            [
                new CacheWriteOutcome("k", CacheWriteOutcomeKind.Touched, "cache entry \"k\" hit at 2026-01-02T03:04:35Z"),
                new CacheWriteOutcome("k", CacheWriteOutcomeKind.Skipped, "cache entry \"k\" was already hit at 2026-01-02T03:04:35Z"),
            ],
            result.Outcomes);
    }

    [Fact]
    public void Touch_rewrites_a_hand_made_entry_in_Argos_format()
    {
        var current = new Dictionary<string, string> { ["k"] = """{ "NodeID": "n", "Outputs": {"result": "<ok>"}, "CreationTimestamp": "2026-01-02T05:04:05.5+02:00", "x": 1 }""" };

        var result = CacheWritePlan.Compute(current, [new TouchLastHitOperation("k", Now)], Now);

        Assert.Equal("{\"nodeID\":\"n\",\"outputs\":{\"result\":\"\\u003cok\\u003e\"},\"creationTimestamp\":\"2026-01-02T03:04:05Z\",\"lastHitTimestamp\":\"2026-01-02T03:04:05Z\"}", result.Data["k"]);
    }

    [Fact]
    public void Touch_skips_missing_and_malformed_entries()
    {
        var current = new Dictionary<string, string> { ["bad"] = "oops" };

        var result = CacheWritePlan.Compute(current, [new TouchLastHitOperation("gone", Now), new TouchLastHitOperation("bad", Now)], Now);

        Assert.False(result.Changed);
        Assert.Equal(
            [
                new CacheWriteOutcome("gone", CacheWriteOutcomeKind.Skipped, "cache entry \"gone\" is gone: nothing to touch"),
                new CacheWriteOutcome("bad", CacheWriteOutcomeKind.Skipped, "cache entry \"bad\" is malformed: not touched"),
            ],
            result.Outcomes);
        Assert.Equal(["bad"], result.MalformedKeys);
    }

    [Fact]
    public void Remove_keeps_an_entry_that_changed_since_the_removal_was_planned()
    {
        var seen = Raw(Fresh("memo-1", Now.AddHours(-1)));
        var current = new Dictionary<string, string> { ["changed"] = Raw(Fresh("memo-2")), ["same"] = seen };

        var result = CacheWritePlan.Compute(current, [new RemoveOperation("changed", seen), new RemoveOperation("same", seen), new RemoveOperation("gone")], Now);

        Assert.Equal(["changed"], result.Data.Keys);
        Assert.Equal(
            [
                new CacheWriteOutcome("changed", CacheWriteOutcomeKind.Skipped, "cache entry \"changed\" changed since its removal was planned: kept"),
                new CacheWriteOutcome("same", CacheWriteOutcomeKind.Removed, "removed cache entry \"same\""),
                new CacheWriteOutcome("gone", CacheWriteOutcomeKind.Skipped, "cache entry \"gone\" is already gone"),
            ],
            result.Outcomes);
    }

    [Fact]
    public void Reapplying_a_batch_after_a_conflict_keeps_what_another_writer_added()
    {
        var batch = new CacheOperation[] { new StoreOperation("mine", Fresh("memo-1"), null), new TouchLastHitOperation("theirs", Now) };
        var stale = new Dictionary<string, string>();
        var fresh = new Dictionary<string, string> { ["theirs"] = Raw(Fresh("memo-9", Now.AddMinutes(-5))) };

        var first = CacheWritePlan.Compute(stale, batch, Now);
        var retried = CacheWritePlan.Compute(fresh, batch, Now);

        Assert.Equal(["mine"], first.Data.Keys);
        Assert.Equal(["mine", "theirs"], retried.Data.Keys);
        Assert.Equal(Raw(Fresh("memo-9", Now.AddMinutes(-5)) with { LastHitTimestamp = Now }), retried.Data["theirs"]);
    }

    [Fact]
    public void The_budget_evicts_the_least_recently_hit_entry_to_fit_a_store()
    {
        var old = Raw(Fresh("memo-old", Now.AddDays(-2)));
        var recent = Raw(Fresh("memo-new", Now.AddDays(-1)));
        var current = new Dictionary<string, string> { ["old"] = old, ["recent"] = recent };
        var stored = Raw(Fresh("memo-1"));
        var budget = new CacheBudget(CacheBudget.ValueBytes(recent) + CacheBudget.ValueBytes(stored));

        var result = CacheWritePlan.Compute(current, [new StoreOperation("k", Fresh("memo-1"), null)], Now, budget);

        Assert.Equal(["k", "recent"], result.Data.Keys);
        Assert.Equal([CacheWriteOutcomeKind.Stored, CacheWriteOutcomeKind.Evicted], result.Outcomes.Select(o => o.Kind));
        Assert.Equal("old", result.Outcomes[1].Key);
    }

    [Fact]
    public void A_refused_store_leaves_the_data_unchanged_and_says_why()
    {
        var result = CacheWritePlan.Compute(null, [new StoreOperation("k", Fresh("memo-1"), null)], Now, new CacheBudget(50));

        Assert.False(result.Changed);
        Assert.Empty(result.Data);
        var outcome = Assert.Single(result.Outcomes);
        Assert.Equal(CacheWriteOutcomeKind.Refused, outcome.Kind);
        Assert.StartsWith("cache entry \"k\" is 177 bytes, more than the whole cache budget of 50 bytes", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_that_changes_nothing_is_not_a_change()
    {
        var current = new Dictionary<string, string> { ["k"] = Raw(Fresh("memo-1")) };

        var result = CacheWritePlan.Compute(current, [new StoreOperation("k", Fresh("memo-1"), null), new TouchLastHitOperation("k", Now)], Now);

        Assert.False(result.Changed);
        Assert.Equal(current, result.Data);
    }
}
