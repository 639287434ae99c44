using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Faults;

/// <summary>Every fault switch a test can turn on, and what a client sees.</summary>
public sealed class FaultInjectionTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task A_500_answers_an_internal_error_status_once()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(1, 500, message: "etcdserver: request timed out");

        var failed = await client.ApiGetAsync(ConfigMaps);
        var next = await client.ApiGetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Internal error occurred: etcdserver: request timed out","reason":"InternalError","details":{"causes":[{"message":"etcdserver: request timed out"}]},"code":500}""", failed.Text);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    [Fact]
    public async Task A_503_answers_service_unavailable()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(1, 503);

        var failed = await client.ApiGetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server is currently unable to handle the request","reason":"ServiceUnavailable","code":503}""", failed.Text);
    }

    [Fact]
    public async Task A_429_answers_plain_text_with_retry_after_like_priority_and_fairness()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.RetryAfterSeconds = 3;
        emulator.Faults.FailNext(2, 429);

        var first = await client.ApiGetAsync(ConfigMaps);
        var second = await client.ApiGetAsync(ConfigMaps);
        var third = await client.ApiGetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.Status);
        Assert.Equal("Too many requests, please try again later.\n", first.Text);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Message.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
        Assert.Equal(HttpStatusCode.OK, third.Status);
    }

    [Fact]
    public async Task A_504_answers_a_timeout_status()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(1, 504);

        var failed = await client.ApiGetAsync(ConfigMaps);

        Assert.Equal(HttpStatusCode.GatewayTimeout, failed.Status);
        Assert.Equal("Timeout", failed.Json["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Failures_can_target_one_verb_and_resource()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(1, 500, verb: "update", resource: "configmaps");
        var created = await client.CreateConfigMapAsync("argo", "a");

        var list = await client.ApiGetAsync(ConfigMaps);
        var workflowUpdate = await client.ApiPostAsync("/apis/argoproj.io/v1alpha1/namespaces/argo/workflows", Objects.Workflow("wf"));
        var update = await client.ApiPutAsync($"{ConfigMaps}/a", created);

        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(HttpStatusCode.Created, workflowUpdate.Status);
        Assert.Equal(HttpStatusCode.InternalServerError, update.Status);
    }

    [Fact]
    public async Task Unsupported_status_codes_are_refused_when_the_test_sets_them()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Faults.FailNext(1, 404));

        Assert.Contains("FailNext supports 429, 500, 503 and 504.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forced_conflicts_answer_the_next_updates_with_the_real_409()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var created = await client.CreateConfigMapAsync("argo", "greeting-cache");
        emulator.Faults.ConflictNextUpdates(2, "configmaps");

        var first = await client.ApiPutAsync($"{ConfigMaps}/greeting-cache", created);
        var patch = await client.ApiPatchAsync($"{ConfigMaps}/greeting-cache", JsonNode.Parse("""{"data":{"k":"v"}}""")!);
        var second = await client.ApiPutAsync($"{ConfigMaps}/greeting-cache", created);
        var third = await client.ApiPutAsync($"{ConfigMaps}/greeting-cache", created);

        Assert.Equal(HttpStatusCode.Conflict, first.Status);
        Fixture.AssertSameShape(Fixture.Json("api/put-409-conflict.json"), first.Json);
        Assert.Equal(HttpStatusCode.OK, patch.Status);
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal(HttpStatusCode.Conflict, third.Status);
    }

    [Fact]
    public async Task Forced_conflicts_can_include_patches()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");
        emulator.Faults.ConflictNextUpdates(1, includePatches: true);

        var patch = await client.ApiPatchAsync($"{ConfigMaps}/a", JsonNode.Parse("""{"data":{"k":"v"}}""")!);

        Assert.Equal(HttpStatusCode.Conflict, patch.Status);
    }

    [Fact]
    public async Task Latency_delays_every_answer_until_cleared()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var impatient = emulator.CreateHttpClient();
        impatient.Timeout = TimeSpan.FromMilliseconds(200);
        emulator.Faults.Latency = TimeSpan.FromMinutes(1);

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(ConfigMaps));
        emulator.Faults.Clear();
        using var client = emulator.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync(ConfigMaps)).Status);
    }

    [Fact]
    public async Task Clear_turns_off_pending_failures()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(5, 503);

        emulator.Faults.Clear();

        Assert.Equal(HttpStatusCode.OK, (await client.ApiGetAsync(ConfigMaps)).Status);
    }

    [Fact]
    public async Task Failures_also_hit_watch_requests()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        emulator.Faults.FailNext(1, 503, verb: "watch");

        var watch = await client.ApiGetAsync($"{ConfigMaps}?watch=true&timeoutSeconds=1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, watch.Status);
    }

    [Fact]
    public async Task Compaction_through_the_fault_switch_expires_watches_from_older_versions()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");
        await client.CreateConfigMapAsync("argo", "b");

        emulator.Faults.Compact();
        await using var fromOld = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion=1");
        await using var fromNow = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion=0");

        Assert.Equal("ERROR", (await fromOld.NextAsync())["type"]!.GetValue<string>());
        Assert.Equal("ADDED", (await fromNow.NextAsync())["type"]!.GetValue<string>());
    }
}
