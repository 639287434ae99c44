using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

public sealed class CacheGcCommandTests : IAsyncLifetime
{
    private const string MalformedKept =
        "kept malformed cache entry \"broken\": Argo cannot read it; fix it, or remove it with: memoize cache rm whalesay-cache broken -n argo";

    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        await cluster.CreateCacheAsync("argo", "whalesay-cache", Whalesay());
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Gc_deletes_entries_not_hit_for_longer_than_the_age_and_keeps_malformed_ones()
    {
        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", "--not-hit-for", "24h");

        Assert.Equal(
            [
                "deleted cache entry \"old-entry\": last used at 2026-01-01T00:00:00Z, longer ago than the not-hit age",
                MalformedKept,
                "ConfigMap argo/whalesay-cache: deleted 1 of 3 entries not hit for 24h; 2 left",
            ],
            result.StdoutLines);
        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(new Dictionary<string, string> { ["hello-world"] = HelloWorld, ["broken"] = Malformed }, await cluster.GetDataAsync("argo", "whalesay-cache"));
    }

    [Fact]
    public async Task Gc_dry_run_reports_the_same_deletions_and_changes_nothing()
    {
        var before = await cluster.GetConfigMapAsync("argo", "whalesay-cache");

        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", "--not-hit-for", "1h", "--dry-run");

        Assert.Equal(
            [
                "deleted cache entry \"old-entry\": last used at 2026-01-01T00:00:00Z, longer ago than the not-hit age (dry run)",
                MalformedKept,
                "ConfigMap argo/whalesay-cache: would delete 1 of 3 entries not hit for 1h; 2 would be left (dry run)",
            ],
            result.StdoutLines);
        Assert.Equal(0, result.ExitCode);
        Assert.True(JsonNode.DeepEquals(before, await cluster.GetConfigMapAsync("argo", "whalesay-cache")));
    }

    [Fact]
    public async Task Gc_json_lists_deletions_with_reasons_and_the_malformed_keys_kept()
    {
        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", "--not-hit-for", "4m", "-o", "json");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var expected = JsonNode.Parse("""
            {
              "namespace": "argo", "configMap": "whalesay-cache", "notHitFor": "4m", "dryRun": false,
              "deleted": [
                {"key": "hello-world", "reason": "NotHit", "message": "deleted cache entry \"hello-world\": last used at 2026-01-10T11:55:00Z, longer ago than the not-hit age"},
                {"key": "old-entry", "reason": "NotHit", "message": "deleted cache entry \"old-entry\": last used at 2026-01-01T00:00:00Z, longer ago than the not-hit age"}
              ],
              "malformed": ["broken"], "remaining": 1, "conflicts": 0
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
        Assert.Equal(["broken"], (await cluster.GetDataAsync("argo", "whalesay-cache")).Keys);
    }

    [Fact]
    public async Task Gc_with_nothing_to_delete_writes_nothing()
    {
        var version = cluster.Emulator.ResourceVersion;

        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", "--not-hit-for", "720h");

        Assert.Equal("ConfigMap argo/whalesay-cache: deleted 0 of 3 entries not hit for 720h; 3 left", result.StdoutLines[^1]);
        Assert.Equal(version, cluster.Emulator.ResourceVersion);
    }

    [Fact]
    public async Task Gc_retries_on_a_conflict_and_decides_again_on_what_it_reads()
    {
        cluster.Emulator.Faults.ConflictNextUpdates(1, "configmaps");

        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", "--not-hit-for", "24h", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, JsonNode.Parse(result.Stdout)!["conflicts"]!.GetValue<int>());
        Assert.Equal(["broken", "hello-world"], (await cluster.GetDataAsync("argo", "whalesay-cache")).Keys);
    }

    [Fact]
    public async Task Gc_refuses_a_configmap_without_the_cache_label()
    {
        await cluster.CreateConfigMapAsync("argo", "plain", null, new Dictionary<string, string> { ["k"] = OldEntry });

        var result = await cluster.RunAsync("cache", "gc", "plain", "--not-hit-for", "1h");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(
            "memoize: ConfigMap argo/plain is not a memoization cache: memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it;",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Equal(OldEntry, (await cluster.GetDataAsync("argo", "plain"))["k"]);
    }

    [Theory]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"; write a Go duration such as 24h, 90m or 1h30m (units ns, us, ms, s, m, h; for days write hours, e.g. 168h)")]
    [InlineData("10", "time: missing unit in duration \"10\"; write a Go duration such as 24h, 90m or 1h30m (units ns, us, ms, s, m, h; for days write hours, e.g. 168h)")]
    [InlineData("24 h", "time: unknown unit \" h\" in duration \"24 h\"; write a Go duration such as 24h, 90m or 1h30m (units ns, us, ms, s, m, h; for days write hours, e.g. 168h)")]
    [InlineData("0s", "it must be more than zero, e.g. 24h (zero or less would delete every entry)")]
    [InlineData("-1h", "it must be more than zero, e.g. 24h (zero or less would delete every entry)")]
    public async Task Gc_with_a_bad_age_gives_gos_error_and_a_hint_and_exits_2(string age, string error)
    {
        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache", $"--not-hit-for={age}");

        Assert.Equal(
            (2, "", $"memoize: invalid --not-hit-for \"{age}\": {error}\nRun 'memoize cache gc --help' for usage.\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public async Task Gc_without_an_age_is_a_usage_error()
    {
        var result = await cluster.RunAsync("cache", "gc", "whalesay-cache");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--not-hit-for", result.StderrLines[0], StringComparison.Ordinal);
    }
}
