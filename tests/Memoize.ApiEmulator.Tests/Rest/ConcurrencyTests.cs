using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Rest;

/// <summary>Optimistic concurrency under parallel writers, the situation of Argo's wide fan-outs.</summary>
public sealed class ConcurrencyTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task Parallel_updates_with_the_same_resource_version_let_exactly_one_win()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "cache", null, Objects.CacheLabel);

        var attempts = Enumerable.Range(0, 12).Select(i =>
        {
            var body = created.DeepClone().AsObject();
            body["data"] = new JsonObject { [$"key-{i}"] = "entry" };
            return client.ApiPutAsync($"{ConfigMaps}/cache", body);
        });
        var responses = await Task.WhenAll(attempts);

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(11, responses.Count(r => r.Status == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Parallel_merge_patches_without_resource_version_all_land()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "cache", null, Objects.CacheLabel);

        var patches = Enumerable.Range(0, 12).Select(i =>
            client.ApiPatchAsync($"{ConfigMaps}/cache", new JsonObject { ["data"] = new JsonObject { [$"key-{i}"] = "entry" } }));
        var responses = await Task.WhenAll(patches);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var stored = (await client.ApiGetAsync($"{ConfigMaps}/cache")).Json;
        Assert.Equal(12, stored["data"]!.AsObject().Count);
    }

    [Fact]
    public async Task A_merge_patch_carrying_a_stale_resource_version_conflicts()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "cache");
        var stale = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        await client.ApiPatchAsync($"{ConfigMaps}/cache", JsonNode.Parse("""{"data":{"a":"1"}}""")!);

        var response = await client.ApiPatchAsync($"{ConfigMaps}/cache", JsonNode.Parse($$$"""{"metadata":{"resourceVersion":"{{{stale}}}"},"data":{"b":"2"}}""")!);

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
    }

    [Fact]
    public async Task A_json_patch_test_on_the_resource_version_guards_the_write()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "cache");
        var version = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var guarded = JsonNode.Parse($$$"""[{"op":"test","path":"/metadata/resourceVersion","value":"{{{version}}}"},{"op":"add","path":"/data","value":{"k":"v"}}]""")!;

        var first = await client.ApiPatchAsync($"{ConfigMaps}/cache", guarded, "application/json-patch+json");
        var second = await client.ApiPatchAsync($"{ConfigMaps}/cache", guarded, "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.Status);
    }
}
