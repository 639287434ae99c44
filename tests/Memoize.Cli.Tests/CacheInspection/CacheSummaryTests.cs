using Memoize.Cli.CacheInspection;
using Memoize.Kubernetes.Resources;

namespace Memoize.Cli.Tests.CacheInspection;

public class CacheSummaryTests
{
    [Fact]
    public void Entries_are_read_with_argos_codec_and_counted_by_what_argo_would_see()
    {
        var configMap = ConfigMapClient.New("argo", "c");
        configMap.Data = new Dictionary<string, string>();
        configMap.Data["saved-then-hit"] = """{"nodeID":"a","outputs":null,"creationTimestamp":"2026-01-01T00:00:00Z","lastHitTimestamp":"2026-01-05T00:00:00Z"}""";
        configMap.Data["saved-only"] = """{"nodeID":"b","outputs":null,"creationTimestamp":"2026-01-03T00:00:00Z","lastHitTimestamp":"2026-01-03T00:00:00Z"}""";
        configMap.Data["hand-made"] = """{"NodeID":"c","Outputs":null,"creationTimestamp":"2025-12-31T21:00:00.5-02:00"}""";
        configMap.Data["empty"] = "";
        configMap.Data["broken"] = "{";

        var summary = CacheSummary.Of(configMap);

        Assert.Equal(
            new CacheSummary(
                "argo", "c", 5, configMap.Data.Values.Sum(v => v.Length), 1, 3,
                new DateTimeOffset(2025, 12, 31, 23, 0, 0, 500, TimeSpan.Zero), new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)),
            summary);
    }

    [Fact]
    public void Binary_data_counts_toward_the_size_decoded_as_kubernetes_counts_it()
    {
        var configMap = ConfigMapClient.New("argo", "c");
        configMap.Data = new Dictionary<string, string> { ["k"] = "12345" };
        configMap.BinaryData = new Dictionary<string, byte[]> { ["blob"] = new byte[10] };

        Assert.Equal(15, CacheSummary.Of(configMap).Bytes);
    }

    [Fact]
    public void Statistics_add_up_and_name_the_largest_cache()
    {
        CacheSummary[] caches =
        [
            new("b", "small", 1, 10, 0, 1, null, null),
            new("a", "big", 4, 300, 2, 0, null, null),
            new("c", "big-too", 2, 300, 0, 1, null, null),
        ];

        Assert.Equal(new CacheStatistics(3, 7, 610, 2, 2, caches[1]), CacheStatistics.Of(caches));
        Assert.Equal(new CacheStatistics(0, 0, 0, 0, 0, null), CacheStatistics.Of([]));
    }
}
