using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Metering;

/// <summary>The request counter benchmarks measure API cost with: every request, by verb, resource and answer.</summary>
public sealed class RequestCounterTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task Every_request_is_counted_by_verb_resource_and_status_including_conflicts()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "cache", null, Objects.CacheLabel);
        await client.ApiGetAsync($"{ConfigMaps}/cache");
        await client.ApiGetAsync($"{ConfigMaps}/missing");
        await client.ApiGetAsync(ConfigMaps);
        var update = created.DeepClone().AsObject();
        update["data"] = new JsonObject { ["k"] = "v" };
        Assert.Equal(HttpStatusCode.OK, (await client.ApiPutAsync($"{ConfigMaps}/cache", update)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await client.ApiPutAsync($"{ConfigMaps}/cache", update)).Status); // same, now stale, resourceVersion
        await client.ApiGetAsync("/version");

        var counts = emulator.Requests.Snapshot();
        Assert.Equal(7, emulator.Requests.Total);
        Assert.Equal(1, counts[("create", "configmaps", 201)]);
        Assert.Equal(1, counts[("get", "configmaps", 200)]);
        Assert.Equal(1, counts[("get", "configmaps", 404)]);
        Assert.Equal(1, counts[("list", "configmaps", 200)]);
        Assert.Equal(1, counts[("update", "configmaps", 200)]);
        Assert.Equal(1, counts[("update", "configmaps", 409)]);
        Assert.Equal(1, counts[("get", "", 200)]);
        Assert.Equal(3, emulator.Requests.Writes("configmaps"));
        Assert.Equal(1, emulator.Requests.Count(status: 409));
        Assert.Equal(2, emulator.Requests.Count(verb: "get", resource: "configmaps"));
    }

    [Fact]
    public async Task An_open_watch_is_counted_once_when_it_starts_and_reset_starts_from_zero()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "cache");
        emulator.Requests.Reset();

        using var watch = await client.GetAsync($"{ConfigMaps}?watch=true", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        Assert.Equal(1, emulator.Requests.Count(verb: "watch", resource: "configmaps", status: 200));
        Assert.Equal(1, emulator.Requests.Total);
        Assert.Equal(0, emulator.Requests.Writes());
    }
}
