using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Every recorded kube-apiserver answer in fixtures/api is reproduced by the emulator, field for field.</summary>
public sealed class RecordedFixtureTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    // The fixtures reproduced below; a new recording must get a test here.
    private static readonly string[] Reproduced =
    [
        "get-404.json", "get-configmap.json", "list-labelselector.json", "patch-json-test-fail.json", "patch-merge.json",
        "post-409-exists.json", "post-422-badkey.json", "post-422-badname.json", "post-422-toolong.json",
        "put-409-conflict.json", "watch-410-gone.jsonl", "watch-stream.jsonl",
    ];

    [Fact]
    public void Every_recorded_api_fixture_has_a_reproduction_test()
    {
        var recorded = Directory.GetFiles(Fixture.PathOf("api")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Reproduced.Order(StringComparer.Ordinal), recorded);
    }

    [Fact]
    public async Task Get_of_a_missing_configmap_answers_the_recorded_404()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiGetAsync($"{ConfigMaps}/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/get-404.json"), response.Json);
    }

    [Fact]
    public async Task Get_of_a_cache_configmap_answers_the_recorded_object()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);

        var response = await client.ApiGetAsync($"{ConfigMaps}/greeting-cache");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/get-configmap.json"), response.Json);
    }

    [Fact]
    public async Task List_with_a_label_selector_answers_the_recorded_list()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);
        await client.CreateConfigMapAsync("argo", "unlabelled", new Dictionary<string, string> { ["a"] = "b" });
        await client.CreateConfigMapAsync("other", "greeting-cache", null, Objects.CacheLabel);

        var response = await client.ApiGetAsync($"{ConfigMaps}?labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/list-labelselector.json"), response.Json);
        Assert.Equal(emulator.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Json["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Json_patch_whose_test_fails_answers_the_recorded_422()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);
        var patch = JsonNode.Parse("""[{"op":"test","path":"/data/hello","value":"something else"},{"op":"replace","path":"/data/hello","value":"x"}]""")!;

        var response = await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", patch, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/patch-json-test-fail.json"), response.Json);
    }

    [Fact]
    public async Task Merge_patch_answers_the_recorded_object()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await CreateGreetingCacheAsync(client);

        var response = await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"data":{"k2":"v2"}}""")!);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/patch-merge.json"), response.Json);
        Assert.True(long.Parse(Rv(response.Json)) > long.Parse(Rv(created)));
    }

    [Fact]
    public async Task Creating_an_existing_configmap_answers_the_recorded_409()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("greeting-cache"));

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/post-409-exists.json"), response.Json);
    }

    [Fact]
    public async Task A_data_key_with_a_space_answers_the_recorded_422()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("badkey", new Dictionary<string, string> { ["bad key!"] = "x" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/post-422-badkey.json"), response.Json);
    }

    [Fact]
    public async Task An_uppercase_name_answers_the_recorded_422()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("Bad_Name"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/post-422-badname.json"), response.Json);
    }

    [Fact]
    public async Task A_configmap_over_one_mebibyte_answers_the_recorded_422()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiPostAsync(ConfigMaps, Objects.ConfigMap("big", new Dictionary<string, string> { ["k"] = new('x', 1048577) }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/post-422-toolong.json"), response.Json);
    }

    [Fact]
    public async Task Put_with_a_stale_resource_version_answers_the_recorded_409()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var stale = await CreateGreetingCacheAsync(client);
        await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"data":{"k2":"v2"}}""")!);

        var response = await client.ApiPutAsync($"{ConfigMaps}/greeting-cache", stale);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Fixture.AssertSameShape(Fixture.Json("api/put-409-conflict.json"), response.Json);
    }

    [Fact]
    public async Task Watch_answers_the_recorded_added_modified_deleted_lines()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);
        var beforePatch = emulator.ResourceVersion;
        await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"data":{"k2":"v2"}}""")!);

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={beforePatch}&fieldSelector=metadata.name%3Dgreeting-cache");
        var added = await watch.NextAsync();
        await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"metadata":{"annotations":{"note":"x"}}}""")!);
        var modified = await watch.NextAsync();
        await client.ApiDeleteAsync($"{ConfigMaps}/greeting-cache");
        var deleted = await watch.NextAsync();

        var recorded = Fixture.Lines("api/watch-stream.jsonl");
        // The recording started from a fresh watch, which replays the object as ADDED; a watch from before the
        // patch sees the patch as MODIFIED, so compare that first line's object and take its type from the recording.
        Assert.Equal("MODIFIED", added["type"]!.GetValue<string>());
        Fixture.AssertSameShape(recorded[0]["object"], added["object"]);
        Fixture.AssertSameShape(recorded[1], modified);
        Fixture.AssertSameShape(recorded[2], deleted);
        Assert.Equal(long.Parse(Rv(modified["object"]!.AsObject())) + 1, long.Parse(Rv(deleted["object"]!.AsObject())));
    }

    [Fact]
    public async Task Fresh_watch_replays_the_existing_object_as_added_like_the_recording()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await CreateGreetingCacheAsync(client);
        await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"data":{"k2":"v2"}}""")!);

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=1");

        Fixture.AssertSameShape(Fixture.Lines("api/watch-stream.jsonl")[0], await watch.NextAsync());
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_answers_the_recorded_410_event()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateConfigMapAsync("argo", $"cm-{i}");
        }
        emulator.Compact();
        var compacted = emulator.ResourceVersion;

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion=1");
        var lines = await watch.ReadToEndAsync();

        Assert.Equal(HttpStatusCode.OK, watch.Response.StatusCode);
        var recorded = File.ReadAllLines(Fixture.PathOf("api/watch-410-gone.jsonl"))[0].Replace("(206)", $"({compacted})", StringComparison.Ordinal);
        Assert.Equal([recorded], lines);
    }

    private static async Task<JsonObject> CreateGreetingCacheAsync(HttpClient client) =>
        await client.CreateConfigMapAsync("argo", "greeting-cache", new Dictionary<string, string> { ["hello"] = Objects.RecordedEntry }, Objects.CacheLabel);

    private static string Rv(JsonObject obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();
}
