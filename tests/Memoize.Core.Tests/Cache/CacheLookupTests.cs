using Memoize.Core.Cache;
using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Cache;

public class CacheLookupTests
{
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly GoDuration TenSeconds = new(10_000_000_000);

    private static string Entry(string nodeId = "memoized-hdckj", DateTimeOffset? created = null, DateTimeOffset? lastHit = null) =>
        CacheEntryCodec.Write(new CacheEntry(nodeId, null, created ?? Created, lastHit ?? Created));

    public static TheoryData<string, long?, TimeSpan, CacheLookupOutcome, CacheMissReason?> Expiry => new()
    {
        // name, maxAge in ns (null = none), now - created, outcome, miss reason
        { "exactly maxAge old is a hit", 10_000_000_000, TimeSpan.FromSeconds(10), CacheLookupOutcome.Hit, null },
        { "one tick older than maxAge is expired", 10_000_000_000, TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1), CacheLookupOutcome.Miss, CacheMissReason.Expired },
        { "one nanosecond more maxAge still hits at the boundary", 10_000_000_001, TimeSpan.FromSeconds(10), CacheLookupOutcome.Hit, null },
        { "one nanosecond less maxAge is expired at the boundary", 9_999_999_999, TimeSpan.FromSeconds(10), CacheLookupOutcome.Miss, CacheMissReason.Expired },
        { "sub-second: 1.5s old under 1.5s maxAge hits", 1_500_000_000, TimeSpan.FromMilliseconds(1500), CacheLookupOutcome.Hit, null },
        { "sub-second: 1.5s old under 1.4999999s maxAge expires", 1_499_999_900, TimeSpan.FromMilliseconds(1500), CacheLookupOutcome.Miss, CacheMissReason.Expired },
        { "no maxAge never expires", null, TimeSpan.FromDays(3650), CacheLookupOutcome.Hit, null },
        { "zero maxAge always misses", 0, TimeSpan.Zero, CacheLookupOutcome.Miss, CacheMissReason.MaxAgeNotPositive },
        { "negative maxAge always misses", -10_000_000_000, TimeSpan.Zero, CacheLookupOutcome.Miss, CacheMissReason.MaxAgeNotPositive },
        { "created in the future (clock skew) hits", 10_000_000_000, TimeSpan.FromSeconds(-30), CacheLookupOutcome.Hit, null },
        { "the longest Go duration never overflows", long.MaxValue, TimeSpan.FromDays(365 * 200), CacheLookupOutcome.Hit, null },
    };

    [Theory]
    [MemberData(nameof(Expiry))]
    public void Lookup_expires_only_when_strictly_older_than_maxAge(string name, long? maxAgeNanoseconds, TimeSpan age, CacheLookupOutcome outcome, CacheMissReason? reason)
    {
        _ = name;
        GoDuration? maxAge = maxAgeNanoseconds is { } ns ? new GoDuration(ns) : null;

        var result = CacheLookup.Decide(Entry(), maxAge, Created + age);

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(reason, result.MissReason);
    }

    [Fact]
    public void Lookup_ignores_lastHitTimestamp_for_expiry()
    {
        var now = Created.AddHours(1);

        var result = CacheLookup.Decide(Entry(lastHit: now), TenSeconds, now);

        Assert.Equal(CacheMissReason.Expired, result.MissReason);
        Assert.Equal("miss: the cache entry was created at 2026-01-02T03:04:05Z, more than maxAge 10s ago", result.Message);
        Assert.NotNull(result.Entry);
    }

    [Fact]
    public void Lookup_misses_when_the_key_is_absent()
    {
        var result = CacheLookup.Decide((string?)null, TenSeconds, Created);

        Assert.Equal(CacheLookupOutcome.Miss, result.Outcome);
        Assert.Equal(CacheMissReason.Absent, result.MissReason);
        Assert.Null(result.Entry);
    }

    [Fact]
    public void Lookup_misses_when_the_entry_is_empty()
    {
        Assert.Equal(CacheMissReason.Empty, CacheLookup.Decide("", null, Created).MissReason);
    }

    [Fact]
    public void Lookup_misses_when_the_entry_has_no_nodeID_even_without_maxAge()
    {
        var result = CacheLookup.Decide(Entry(nodeId: ""), null, Created);

        Assert.Equal(CacheMissReason.NoNodeId, result.MissReason);
    }

    [Fact]
    public void Lookup_misses_a_zero_creationTimestamp_only_when_maxAge_is_set()
    {
        var raw = """{"nodeID":"n","outputs":null,"creationTimestamp":null,"lastHitTimestamp":null}""";

        Assert.Equal(CacheMissReason.ZeroCreationTimestamp, CacheLookup.Decide(raw, TenSeconds, Created).MissReason);
        Assert.True(CacheLookup.Decide(raw, null, Created).IsHit);
    }

    [Fact]
    public void Lookup_of_a_malformed_entry_is_an_error_with_Argos_text()
    {
        var result = CacheLookup.Decide("{nodeID: n}", null, Created);

        Assert.Equal(CacheLookupOutcome.Malformed, result.Outcome);
        Assert.Null(result.MissReason);
        Assert.Equal("malformed cache entry: could not unmarshal JSON; unable to parse: {nodeID: n}", result.Message);
    }

    [Fact]
    public void Lookup_hits_the_recorded_entry_within_its_maxAge()
    {
        var raw = RecordedConfigMaps.DataValue("api/get-configmap.json", "hello");
        var created = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

        var result = CacheLookup.Decide(raw, new GoDuration(3_600_000_000_000), created.AddMinutes(59));

        Assert.True(result.IsHit);
        Assert.Equal("memo-apply", result.Entry!.NodeId);
    }
}
