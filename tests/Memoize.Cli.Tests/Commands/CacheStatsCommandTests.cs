using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

public sealed class CacheStatsCommandTests : IAsyncLifetime
{
    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        await SeedListingCachesAsync(cluster);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Stats_adds_up_the_caches_of_the_namespace()
    {
        var result = await cluster.RunAsync("cache", "stats");

        Assert.Equal(
            [
                "Caches:             1 in namespace argo",
                "Entries:            3",
                "Size:               322B (322 bytes)",
                "Largest:            argo/whalesay-cache, 322B, 0.0% of the 1 MiB ConfigMap limit",
                "Malformed entries:  1",
                "Never hit:          1",
            ],
            result.StdoutLines);
        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Stats_json_across_all_namespaces_names_the_largest_cache()
    {
        var result = await cluster.RunAsync("cache", "stats", "-A", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var expected = JsonNode.Parse("""
            {
              "namespace": null, "caches": 2, "entries": 4, "bytes": 425, "malformed": 1, "neverHit": 2,
              "largest": {"namespace": "argo", "name": "whalesay-cache", "bytes": 322, "usedPercent": 0.03}
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
    }

    [Fact]
    public async Task Stats_of_a_namespace_without_caches_is_all_zero()
    {
        var result = await cluster.RunAsync("cache", "stats", "-n", "empty", "-o", "json");

        var expected = JsonNode.Parse("""
            {"namespace": "empty", "caches": 0, "entries": 0, "bytes": 0, "malformed": 0, "neverHit": 0, "largest": null}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
    }
}
