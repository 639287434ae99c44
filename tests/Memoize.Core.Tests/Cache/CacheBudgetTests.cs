using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Cache;

public class CacheBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Day(int day) => new(2026, 1, day, 0, 0, 0, TimeSpan.Zero);

    private static string Entry(string nodeId, DateTimeOffset? created, DateTimeOffset? lastHit) =>
        CacheEntryCodec.Write(new CacheEntry(nodeId, null, created, lastHit));

    private static long Bytes(string value) => CacheBudget.ValueBytes(value);

    private static KeyValuePair<string, string> Write(string key, string value) => new(key, value);

    [Fact]
    public void Limits_are_the_configmap_wall_and_a_900_KiB_default()
    {
        Assert.Equal(1_048_576, CacheBudget.ConfigMapLimitBytes);
        Assert.Equal(921_600, CacheBudget.DefaultBytes);
        Assert.Equal(921_600, CacheBudget.Default.Bytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_048_577)]
    public void A_budget_outside_one_byte_to_the_configmap_limit_is_refused(long bytes)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CacheBudget(bytes));
        Assert.StartsWith("a cache budget must be between 1 and 1048576 bytes (the ConfigMap limit)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_counts_data_values_in_UTF8_bytes_and_binaryData_decoded_as_Kubernetes_does()
    {
        var data = new Dictionary<string, string> { ["a-long-key-is-not-counted"] = "é", ["b"] = "😀", ["c"] = "" };
        var binary = new Dictionary<string, string> { ["x"] = "AAEC", ["y"] = "AA==", ["z"] = "AAE=" };

        Assert.Equal(2 + 4 + 0, CacheBudget.SizeOf(data));
        Assert.Equal(6 + 3 + 1 + 2, CacheBudget.SizeOf(data, binary));
        Assert.Equal(0, CacheBudget.SizeOf(null));
    }

    [Fact]
    public void Writes_that_fit_evict_nothing()
    {
        var current = new Dictionary<string, string> { ["old"] = Entry("n1", Day(1), Day(1)) };

        var plan = CacheBudget.Default.Plan(current, [Write("new", Entry("n2", Now, Now))], Now);

        Assert.Empty(plan.Evicted);
        Assert.Empty(plan.Refused);
        Assert.Equal(["new"], plan.Written);
        Assert.Equal(["new", "old"], plan.Data.Keys);
        Assert.True(plan.WithinBudget);
    }

    private static Dictionary<string, string> FiveEntries() => new()
    {
        ["a-old"] = Entry("n-a", Day(1), Day(1)),
        ["b-new"] = Entry("n-b", Day(1), Day(5)),
        ["c-never"] = Entry("n-c", Day(2), null),
        ["d-expired"] = Entry("n-d", Day(4), Day(9)),
        ["e-noid"] = Entry("", Day(9), Day(9)),
    };

    private static GoDuration? OneHourFor(string key) => key == "d-expired" ? new GoDuration(3_600_000_000_000) : null;

    [Fact]
    public void Eviction_order_is_no_nodeID_then_expired_then_least_recently_hit()
    {
        var write = Entry("n-w", Now, Now);

        var plan = new CacheBudget(Bytes(write)).Plan(FiveEntries(), [Write("w", write)], Now, OneHourFor);

        Assert.Equal(["e-noid", "d-expired", "a-old", "c-never", "b-new"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(
            [CacheEvictionReason.NoNodeId, CacheEvictionReason.Expired, CacheEvictionReason.LeastRecentlyHit, CacheEvictionReason.LeastRecentlyHit, CacheEvictionReason.LeastRecentlyHit],
            plan.Evicted.Select(e => e.Reason));
        Assert.Equal(["w"], plan.Data.Keys);
    }

    [Fact]
    public void Eviction_stops_as_soon_as_the_writes_fit()
    {
        var entries = FiveEntries();
        var write = Entry("n-w", Now, Now);
        var budget = new CacheBudget(Bytes(write) + Bytes(entries["b-new"]) + Bytes(entries["c-never"]));

        var plan = budget.Plan(entries, [Write("w", write)], Now, OneHourFor);

        Assert.Equal(["e-noid", "d-expired", "a-old"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(["b-new", "c-never", "w"], plan.Data.Keys);
        Assert.Equal(budget.Bytes, plan.SizeBytes);
        Assert.True(plan.WithinBudget);
    }

    [Fact]
    public void Without_a_known_maxAge_an_old_entry_is_evicted_by_recency_only()
    {
        var entries = FiveEntries();
        var write = Entry("n-w", Now, Now);
        var budget = new CacheBudget(Bytes(write) + Bytes(entries["b-new"]) + Bytes(entries["d-expired"]));

        var plan = budget.Plan(entries, [Write("w", write)], Now);

        Assert.Equal(["e-noid", "a-old", "c-never"], plan.Evicted.Select(e => e.Key));
    }

    [Fact]
    public void Recency_ties_are_broken_by_key_in_ordinal_order_and_zero_times_go_first()
    {
        var current = new Dictionary<string, string>
        {
            ["a"] = Entry("n1", Day(3), Day(3)),
            ["B"] = Entry("n2", Day(3), Day(3)),
            ["z-zero"] = Entry("n3", null, null),
        };
        var write = Entry("n-w", Now, Now);

        var plan = new CacheBudget(Bytes(write)).Plan(current, [Write("w", write)], Now);

        Assert.Equal(["z-zero", "B", "a"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(
            $"evicted cache entry \"z-zero\" ({Bytes(current["z-zero"])} bytes): it is the least recently hit entry (never hit, no timestamps); evicted to keep the cache ConfigMap within its budget of {Bytes(write)} bytes",
            plan.Evicted[0].Message);
        Assert.Equal(
            $"evicted cache entry \"B\" ({Bytes(current["B"])} bytes): it is the least recently hit entry (last used 2026-01-03T00:00:00Z); evicted to keep the cache ConfigMap within its budget of {Bytes(write)} bytes",
            plan.Evicted[1].Message);
    }

    [Fact]
    public void An_entry_larger_than_the_whole_budget_is_refused_and_nothing_is_evicted()
    {
        var current = new Dictionary<string, string> { ["keep"] = Entry("n1", Day(1), Day(1)) };
        var big = "{\"nodeID\":\"" + new string('x', 200) + "\"}";

        var plan = new CacheBudget(200).Plan(current, [Write("big", big)], Now);

        var refusal = Assert.Single(plan.Refused);
        Assert.Equal(CacheRefusalReason.LargerThanBudget, refusal.Reason);
        Assert.Equal(
            "cache entry \"big\" is 213 bytes, more than the whole cache budget of 200 bytes (a ConfigMap holds at most 1048576 bytes), " +
            "so it was not stored; pass large outputs as artifacts instead of parameters",
            refusal.Message);
        Assert.Empty(plan.Evicted);
        Assert.Equal(["keep"], plan.Data.Keys);
    }

    [Fact]
    public void Malformed_entries_count_toward_the_size_are_reported_and_never_evicted()
    {
        var malformed = new string('x', 300);
        var live = Entry("n1", Day(1), Day(1));
        var write = Entry("n-w", Now, Now);
        var current = new Dictionary<string, string> { ["bad"] = malformed, ["live"] = live };

        var plan = new CacheBudget(300 + Bytes(write)).Plan(current, [Write("w", write)], Now);

        Assert.Equal(["live"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(["bad"], plan.MalformedKeys);
        Assert.Equal(["bad", "w"], plan.Data.Keys);
    }

    [Fact]
    public void When_only_malformed_entries_could_make_room_the_write_is_refused_and_nothing_is_evicted_in_vain()
    {
        var live = Entry("n1", Day(1), Day(1));
        var write = Entry("n-w", Now, Now);
        var current = new Dictionary<string, string> { ["bad"] = new string('x', 300), ["live"] = live };
        var budget = 300 + Bytes(write) - 1;

        var plan = new CacheBudget(budget).Plan(current, [Write("w", write)], Now);

        var refusal = Assert.Single(plan.Refused);
        Assert.Equal(CacheRefusalReason.NoRoom, refusal.Reason);
        Assert.Equal(
            $"cache entry \"w\" ({Bytes(write)} bytes) was not stored: it does not fit in the cache budget of {budget} bytes even after evicting every evictable entry, " +
            "because 300 bytes are held by entries that are never evicted automatically (malformed entries: bad; binaryData: 0 bytes; the other entries written now); " +
            "fix or delete the malformed entries, or raise the budget",
            refusal.Message);
        Assert.Empty(plan.Evicted);
        Assert.Empty(plan.Written);
        Assert.Equal(current, plan.Data);
        Assert.True(plan.WithinBudget);
    }

    [Fact]
    public void When_malformed_entries_alone_exceed_the_budget_the_plan_says_so()
    {
        var current = new Dictionary<string, string> { ["bad"] = new string('x', 300), ["live"] = Entry("n1", Day(1), Day(1)) };

        var plan = new CacheBudget(299).Plan(current, [], Now);

        Assert.Empty(plan.Evicted);
        Assert.Equal(current, plan.Data);
        Assert.False(plan.WithinBudget);
        Assert.Equal(300 + Bytes(current["live"]), plan.SizeBytes);
    }

    [Fact]
    public void Writes_are_refused_last_first_until_the_rest_fit()
    {
        var first = Entry("n-1", Now, Now);
        var second = Entry("n-2", Now, Now);
        var third = Entry("n-3", Now, Now);

        var plan = new CacheBudget(Bytes(first) + Bytes(second)).Plan(null, [Write("k1", first), Write("k2", second), Write("k3", third)], Now);

        Assert.Equal(["k1", "k2"], plan.Written);
        Assert.Equal(["k3"], plan.Refused.Select(r => r.Key));
    }

    [Fact]
    public void Written_keys_are_never_evicted_and_an_overwritten_value_does_not_count()
    {
        var current = new Dictionary<string, string> { ["k"] = Entry("old-node", Day(1), Day(1)), ["other"] = Entry("n1", Day(2), Day(2)) };
        var write = Entry("new-node", Now, Now);

        var plan = new CacheBudget(Bytes(write)).Plan(current, [Write("k", write)], Now);

        Assert.Equal(["other"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(write, plan.Data["k"]);
    }

    [Fact]
    public void BinaryData_counts_toward_the_budget_and_is_never_touched()
    {
        var old = Entry("n1", Day(1), Day(1));
        var write = Entry("n-w", Now, Now);

        var plan = new CacheBudget(Bytes(write) + 10).Plan(new Dictionary<string, string> { ["old"] = old }, [Write("w", write)], Now, binaryDataBytes: 10);

        Assert.Equal(["old"], plan.Evicted.Select(e => e.Key));
        Assert.Equal(Bytes(write) + 10, plan.SizeBytes);
    }
}
