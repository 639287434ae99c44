using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

public sealed class CacheRemoveCommandTests : IAsyncLifetime
{
    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        await cluster.CreateCacheAsync("argo", "whalesay-cache", Whalesay());
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Rm_removes_exactly_that_entry_and_keeps_the_rest_and_the_label()
    {
        var result = await cluster.RunAsync("cache", "rm", "whalesay-cache", "hello-world");

        Assert.Equal((0, "removed cache entry \"hello-world\" from ConfigMap argo/whalesay-cache\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
        Assert.Equal(new Dictionary<string, string> { ["old-entry"] = OldEntry, ["broken"] = Malformed }, await cluster.GetDataAsync("argo", "whalesay-cache"));
        var stored = await cluster.GetConfigMapAsync("argo", "whalesay-cache");
        Assert.Equal("Cache", stored["metadata"]!["labels"]!["workflows.argoproj.io/configmap-type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rm_dry_run_says_what_would_go_and_changes_nothing()
    {
        var before = await cluster.GetConfigMapAsync("argo", "whalesay-cache");

        var result = await cluster.RunAsync("cache", "rm", "whalesay-cache", "hello-world", "--dry-run");

        Assert.Equal((0, "removed cache entry \"hello-world\" from ConfigMap argo/whalesay-cache (dry run)\n"), (result.ExitCode, result.Stdout));
        var after = await cluster.GetConfigMapAsync("argo", "whalesay-cache");
        Assert.True(JsonNode.DeepEquals(before, after), after.ToJsonString());
    }

    [Fact]
    public async Task Rm_retries_on_a_conflict_by_reading_again_and_then_removes_the_entry()
    {
        cluster.Emulator.Faults.ConflictNextUpdates(2, "configmaps");

        var result = await cluster.RunAsync("cache", "rm", "whalesay-cache", "hello-world", "-o", "json");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var expected = JsonNode.Parse("""
            {"namespace": "argo", "configMap": "whalesay-cache", "dryRun": false, "removed": ["hello-world"], "conflicts": 2}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
        Assert.False((await cluster.GetDataAsync("argo", "whalesay-cache")).ContainsKey("hello-world"));
    }

    [Fact]
    public async Task Rm_gives_up_after_five_conflicts_with_exit_3_and_removes_nothing()
    {
        cluster.Emulator.Faults.ConflictNextUpdates(5, "configmaps");

        var result = await cluster.RunAsync("cache", "rm", "whalesay-cache", "hello-world");

        Assert.Equal(
            (3, "", "memoize: ConfigMap argo/whalesay-cache changed during each of 5 attempts to update it (409 Conflict): "
                + "something is writing to it right now; nothing was removed, try again\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
        Assert.Equal(Whalesay(), await cluster.GetDataAsync("argo", "whalesay-cache"));
    }

    [Fact]
    public async Task Rm_of_a_missing_key_exits_1_and_writes_nothing()
    {
        var version = cluster.Emulator.ResourceVersion;

        var result = await cluster.RunAsync("cache", "rm", "whalesay-cache", "nope");

        Assert.Equal((1, "memoize: cache entry \"nope\" not found in ConfigMap argo/whalesay-cache\n"), (result.ExitCode, result.Stderr));
        Assert.Equal(version, cluster.Emulator.ResourceVersion);
    }

    [Theory]
    [InlineData(null, "memoization configmap doesn't have workflows.argoproj.io/configmap-type label, refusing to use it; "
        + "if it is meant to be a cache, label it: kubectl label configmap other -n argo workflows.argoproj.io/configmap-type=Cache")]
    [InlineData("Parameter", "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it; "
        + "it is labelled as Argo's Parameter ConfigMap, which memoize never changes")]
    [InlineData("Something", "memoization configmap doesn't have label workflows.argoproj.io/configmap-type = Cache, refusing to use it; "
        + "if it is meant to be a cache, relabel it: kubectl label configmap other -n argo --overwrite workflows.argoproj.io/configmap-type=Cache")]
    public async Task Rm_never_touches_a_configmap_without_the_cache_label(string? labelValue, string refusal)
    {
        var labels = labelValue is null ? null : new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = labelValue };
        await cluster.CreateConfigMapAsync("argo", "other", labels, new Dictionary<string, string> { ["k"] = HelloWorld });
        var version = cluster.Emulator.ResourceVersion;

        var result = await cluster.RunAsync("cache", "rm", "other", "k");

        Assert.Equal((1, "", $"memoize: ConfigMap argo/other is not a memoization cache: {refusal}\n"), (result.ExitCode, result.Stdout, result.Stderr));
        Assert.Equal(version, cluster.Emulator.ResourceVersion);
        Assert.Equal(HelloWorld, (await cluster.GetDataAsync("argo", "other"))["k"]);
    }
}
