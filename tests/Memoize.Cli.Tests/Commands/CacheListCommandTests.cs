using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

public sealed class CacheListCommandTests : IAsyncLifetime
{
    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        await SeedListingCachesAsync(cluster);
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Ls_prints_a_kubectl_table_of_the_labelled_caches_in_the_context_namespace()
    {
        var result = await cluster.RunAsync("cache", "ls");

        Assert.Equal(
            [
                "NAME             ENTRIES   SIZE   USED   MALFORMED   OLDEST   LAST HIT",
                "whalesay-cache   3         322B   0.0%   1           9d       5m",
            ],
            result.StdoutLines);
        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Ls_all_namespaces_adds_a_namespace_column_and_orders_by_namespace()
    {
        var result = await cluster.RunAsync("cache", "ls", "-A");

        Assert.Equal(
            [
                "NAMESPACE   NAME             ENTRIES   SIZE   USED   MALFORMED   OLDEST   LAST HIT",
                "argo        whalesay-cache   3         322B   0.0%   1           9d       5m",
                "ci          build-cache      1         103B   0.0%   0           24h      <none>",
            ],
            result.StdoutLines);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Ls_json_gives_the_same_facts_with_exact_bytes_and_rfc3339_timestamps()
    {
        var result = await cluster.RunAsync("cache", "ls", "-A", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        var expected = JsonNode.Parse("""
            [
              {"namespace": "argo", "name": "whalesay-cache", "entries": 3, "bytes": 322, "limitBytes": 1048576, "usedPercent": 0.03,
               "malformed": 1, "neverHit": 1, "oldestCreationTimestamp": "2026-01-01T00:00:00Z", "lastHitTimestamp": "2026-01-10T11:55:00Z"},
              {"namespace": "ci", "name": "build-cache", "entries": 1, "bytes": 103, "limitBytes": 1048576, "usedPercent": 0.01,
               "malformed": 0, "neverHit": 1, "oldestCreationTimestamp": "2026-01-09T12:00:00Z", "lastHitTimestamp": null}
            ]
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
    }

    [Fact]
    public async Task Ls_with_a_namespace_flag_looks_there_instead_of_the_context_namespace()
    {
        var result = await cluster.RunAsync("cache", "ls", "-n", "ci");

        Assert.Equal("build-cache   1         103B   0.0%   0           24h      <none>", result.StdoutLines[1]);
    }

    [Fact]
    public async Task Ls_defaults_to_the_argo_namespace_when_the_context_sets_none()
    {
        var kubeconfig = cluster.Temp.Write(
            "no-namespace",
            string.Join('\n', File.ReadAllLines(cluster.Kubeconfig).Where(line => !line.TrimStart().StartsWith("namespace:", StringComparison.Ordinal))));

        var result = await CacheCli.RunAsync(false, ["cache", "ls", "--kubeconfig", kubeconfig]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("whalesay-cache ", result.StdoutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_in_a_namespace_without_caches_says_so_on_stderr_and_exits_0()
    {
        var text = await cluster.RunAsync("cache", "ls", "-n", "empty");
        var json = await cluster.RunAsync("cache", "ls", "-n", "empty", "-o", "json");

        Assert.Equal(
            (0, "", "No cache ConfigMaps found in empty namespace (looked for the label workflows.argoproj.io/configmap-type=Cache; use -A to look in every namespace).\n"),
            (text.ExitCode, text.Stdout, text.Stderr));
        Assert.Equal((0, "[]\n", ""), (json.ExitCode, json.Stdout, json.Stderr));
    }

    [Fact]
    public async Task Ls_on_a_colour_terminal_draws_a_usage_bar()
    {
        var result = await cluster.RunAsync(true, "cache", "ls");

        Assert.Equal(
            "NAME             ENTRIES   SIZE   USED                        MALFORMED   OLDEST   LAST HIT",
            result.StdoutLines[0]);
        Assert.Equal(
            "whalesay-cache   3         322B   ░░░░░░░░░░░░░░░░░░░░ 0.0%   1           9d       5m",
            result.StdoutLines[1]);
    }
}
