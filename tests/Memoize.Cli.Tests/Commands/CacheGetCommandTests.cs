using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.SeededCaches;

namespace Memoize.Cli.Tests.Commands;

public sealed class CacheGetCommandTests : IAsyncLifetime
{
    private const string NotACache =
        "memoize: ConfigMap argo/plain is not a memoization cache: memoization configmap doesn't have workflows.argoproj.io/configmap-type label, "
        + "refusing to use it; if it is meant to be a cache, label it: kubectl label configmap plain -n argo workflows.argoproj.io/configmap-type=Cache";

    private EmulatedCluster cluster = null!;

    public async Task InitializeAsync()
    {
        cluster = await EmulatedCluster.StartAsync();
        var data = Whalesay();
        data["empty"] = "";
        await cluster.CreateCacheAsync("argo", "whalesay-cache", data);
        await cluster.CreateConfigMapAsync("argo", "plain", null, new Dictionary<string, string> { ["k"] = OldEntry });
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    [Fact]
    public async Task Get_prints_the_entry_as_indented_json_in_its_stored_field_order()
    {
        var result = await cluster.RunAsync("cache", "get", "whalesay-cache", "hello-world");

        Assert.Equal(
            """
            {
              "nodeID": "whalesay-abc12",
              "outputs": {
                "parameters": [
                  {
                    "name": "hello",
                    "value": "world"
                  }
                ],
                "exitCode": "0"
              },
              "creationTimestamp": "2026-01-10T09:00:00Z",
              "lastHitTimestamp": "2026-01-10T11:55:00Z"
            }

            """.ReplaceLineEndings("\n"),
            result.Stdout);
        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Get_json_gives_the_raw_value_and_the_fields_argo_reads()
    {
        var result = await cluster.RunAsync("cache", "get", "whalesay-cache", "old-entry", "-n", "argo", "-o", "json");

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var expected = new JsonObject
        {
            ["namespace"] = "argo",
            ["configMap"] = "whalesay-cache",
            ["key"] = "old-entry",
            ["bytes"] = 127,
            ["malformed"] = false,
            ["error"] = null,
            ["nodeID"] = "whalesay-old99",
            ["outputs"] = null,
            ["creationTimestamp"] = "2026-01-01T00:00:00Z",
            ["lastHitTimestamp"] = "2026-01-01T00:00:00Z",
            ["value"] = OldEntry,
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(result.Stdout)), result.Stdout);
    }

    [Fact]
    public async Task Get_of_a_missing_key_names_the_key_and_the_configmap_and_exits_1()
    {
        var result = await cluster.RunAsync("cache", "get", "whalesay-cache", "nope");

        Assert.Equal((1, "", "memoize: cache entry \"nope\" not found in ConfigMap argo/whalesay-cache\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public async Task Get_of_a_missing_configmap_says_how_to_list_the_caches_and_exits_1()
    {
        var result = await cluster.RunAsync("cache", "get", "no-such-cache", "k");

        Assert.Equal(
            (1, "memoize: ConfigMap argo/no-such-cache not found; list the caches with: memoize cache ls -n argo\n"),
            (result.ExitCode, result.Stderr));
    }

    [Fact]
    public async Task Get_of_a_malformed_entry_shows_argos_malformed_text_and_exits_1()
    {
        var text = await cluster.RunAsync("cache", "get", "whalesay-cache", "broken");
        var json = await cluster.RunAsync("cache", "get", "whalesay-cache", "broken", "-o", "json");

        const string Message = "memoize: cache entry \"broken\" in ConfigMap argo/whalesay-cache: "
            + "malformed cache entry: could not unmarshal JSON; unable to parse: not json\n";
        Assert.Equal((1, "", Message), (text.ExitCode, text.Stdout, text.Stderr));
        Assert.Equal((1, Message), (json.ExitCode, json.Stderr));
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(
            (true, "malformed cache entry: could not unmarshal JSON; unable to parse: not json", "not json"),
            (report["malformed"]!.GetValue<bool>(), report["error"]!.GetValue<string>(), report["value"]!.GetValue<string>()));
        Assert.Null(report["nodeID"]);
    }

    [Fact]
    public async Task Get_of_an_empty_entry_says_argo_treats_it_as_a_miss_and_exits_1()
    {
        var result = await cluster.RunAsync("cache", "get", "whalesay-cache", "empty");

        Assert.Equal(
            (1, "", "memoize: cache entry \"empty\" in ConfigMap argo/whalesay-cache is empty: Argo treats it as a miss\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public async Task Get_from_an_unlabelled_configmap_shows_the_entry_but_says_argo_refuses_it_and_exits_1()
    {
        var result = await cluster.RunAsync("cache", "get", "plain", "k");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("\"nodeID\": \"whalesay-old99\",", result.StdoutLines[1].Trim());
        Assert.Equal(NotACache + "\n", result.Stderr);
    }

    [Fact]
    public async Task Get_of_a_missing_key_in_an_unlabelled_configmap_reports_both()
    {
        var result = await cluster.RunAsync("cache", "get", "plain", "nope");

        Assert.Equal(
            (1, NotACache + "\nmemoize: cache entry \"nope\" not found in ConfigMap argo/plain\n"),
            (result.ExitCode, result.Stderr));
    }
}
