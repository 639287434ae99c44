using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Cache;

public class CacheGarbageCollectorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly GoDuration OneHour = new(3_600_000_000_000);
    private static readonly GoDuration OneDay = new(86_400_000_000_000);

    private static string Entry(DateTimeOffset? created, DateTimeOffset? lastHit, string nodeId = "n") =>
        CacheEntryCodec.Write(new CacheEntry(nodeId, null, created, lastHit));

    [Fact]
    public void Entries_not_hit_for_longer_than_the_not_hit_age_are_deleted_strictly()
    {
        var data = new Dictionary<string, string>
        {
            ["exactly-an-hour"] = Entry(Now.AddDays(-5), Now.AddHours(-1)),
            ["just-over"] = Entry(Now.AddDays(-5), Now.AddHours(-1).AddTicks(-1)),
            ["never-hit-old"] = Entry(Now.AddHours(-2), null),
            ["never-hit-new"] = Entry(Now.AddMinutes(-2), null),
            ["no-times"] = Entry(null, null),
            ["empty"] = "",
        };

        var plan = CacheGarbageCollector.Plan(data, Now, OneHour, null);

        Assert.Equal(["empty", "just-over", "never-hit-old", "no-times"], plan.Garbage.Select(g => g.Key));
        Assert.All(plan.Garbage, g => Assert.Equal(CacheGarbageReason.NotHit, g.Reason));
        Assert.Equal(["exactly-an-hour", "never-hit-new"], plan.RemainingData.Keys);
        Assert.Equal("deleted cache entry \"just-over\": last used at 2026-01-09T22:59:59Z, longer ago than the not-hit age", plan.Garbage[1].Message);
        Assert.Equal("deleted cache entry \"no-times\": never hit, longer ago than the not-hit age", plan.Garbage[3].Message);
        Assert.False(plan.BecomesEmpty);
    }

    [Fact]
    public void Entries_older_than_every_templates_maxAge_are_deleted()
    {
        var data = new Dictionary<string, string>
        {
            ["old-but-hit"] = Entry(Now.AddDays(-2), Now),
            ["young"] = Entry(Now.AddHours(-23), Now.AddHours(-23)),
            ["zero-created"] = Entry(null, Now),
        };

        var plan = CacheGarbageCollector.Plan(data, Now, null, OneDay);

        Assert.Equal(["old-but-hit", "zero-created"], plan.Garbage.Select(g => g.Key));
        Assert.Equal(
            "deleted cache entry \"old-but-hit\": created at 2026-01-08T00:00:00Z, it is older than the maxAge of every template that uses this cache, so no lookup can hit it",
            plan.Garbage[0].Message);
        Assert.Equal(CacheGarbageReason.OlderThanEveryMaxAge, plan.Garbage[1].Reason);
    }

    [Fact]
    public void Malformed_entries_are_reported_and_kept_and_do_not_stop_the_pass()
    {
        var data = new Dictionary<string, string> { ["a-bad"] = "{oops", ["b-old"] = Entry(Now.AddDays(-3), Now.AddDays(-3)) };

        var plan = CacheGarbageCollector.Plan(data, Now, OneHour, null);

        Assert.Equal(["a-bad"], plan.MalformedKeys);
        Assert.Equal(["b-old"], plan.Garbage.Select(g => g.Key));
        Assert.Equal(["a-bad"], plan.RemainingData.Keys);
        Assert.False(plan.BecomesEmpty);
    }

    [Fact]
    public void The_configmap_becomes_empty_only_without_data_and_binaryData()
    {
        var data = new Dictionary<string, string> { ["old"] = Entry(Now.AddDays(-3), Now.AddDays(-3)) };

        Assert.True(CacheGarbageCollector.Plan(data, Now, OneHour, null).BecomesEmpty);
        Assert.False(CacheGarbageCollector.Plan(data, Now, OneHour, null, hasBinaryData: true).BecomesEmpty);
        Assert.True(CacheGarbageCollector.Plan(null, Now, OneHour, null).BecomesEmpty);
    }

    [Fact]
    public void With_both_rules_off_nothing_is_deleted()
    {
        var data = new Dictionary<string, string> { ["ancient"] = Entry(null, null) };

        Assert.Empty(CacheGarbageCollector.Plan(data, Now, null, null).Garbage);
    }

    [Fact]
    public void Deletions_are_guarded_so_a_fresh_write_since_the_plan_survives()
    {
        var stale = Entry(Now.AddDays(-3), Now.AddDays(-3));
        var plan = CacheGarbageCollector.Plan(new Dictionary<string, string> { ["k"] = stale }, Now, OneHour, null);
        var refreshed = new Dictionary<string, string> { ["k"] = Entry(Now, Now) };

        var applied = CacheWritePlan.Compute(refreshed, plan.Operations, Now);

        Assert.Equal([new RemoveOperation("k", stale)], plan.Operations);
        Assert.Equal(refreshed, applied.Data);
        Assert.Equal(CacheWriteOutcomeKind.Skipped, Assert.Single(applied.Outcomes).Kind);
    }

    public static TheoryData<long?[], bool, long?> Retentions => new()
    {
        { [3_600_000_000_000, 86_400_000_000_000], true, 86_400_000_000_000 },
        { [3_600_000_000_000], true, 3_600_000_000_000 },
        { [3_600_000_000_000, null], true, null },
        { [3_600_000_000_000, 86_400_000_000_000], false, null },
        { [], true, null },
        { [0, -5], true, 0 },
    };

    [Theory]
    [MemberData(nameof(Retentions))]
    public void Retention_is_the_largest_maxAge_only_when_every_template_is_known_and_has_one(long?[] maxAges, bool allKnown, long? expected)
    {
        var durations = maxAges.Select(m => m is { } ns ? new GoDuration(ns) : (GoDuration?)null).ToList();

        var retention = CacheGarbageCollector.RetentionFor(durations, allKnown);

        Assert.Equal(expected, retention?.Nanoseconds);
    }
}
