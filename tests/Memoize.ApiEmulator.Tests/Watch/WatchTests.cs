using System.Net;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;

namespace Memoize.ApiEmulator.Tests.Watch;

/// <summary>Watches: event order, resuming, selectors, bookmarks, expiry and the end of streams.</summary>
public sealed class WatchTests
{
    private const string ConfigMaps = "/api/v1/namespaces/argo/configmaps";

    [Fact]
    public async Task A_watch_streams_added_modified_deleted_in_order_as_chunked_json_lines()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true");

        await client.CreateConfigMapAsync("argo", "a");
        await client.ApiPatchAsync($"{ConfigMaps}/a", JsonNode.Parse("""{"data":{"k":"v"}}""")!);
        await client.ApiDeleteAsync($"{ConfigMaps}/a");

        Assert.Equal("application/json", watch.Response.Content.Headers.ContentType!.MediaType);
        Assert.True(watch.Response.Headers.TransferEncodingChunked);
        var events = new[] { await watch.NextAsync(), await watch.NextAsync(), await watch.NextAsync() };
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("ConfigMap", e["object"]!["kind"]!.GetValue<string>()));
        var versions = events.Select(e => long.Parse(e["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>())).ToList();
        Assert.Equal(versions.Order(), versions);
    }

    [Fact]
    public async Task A_watch_from_a_resource_version_replays_what_happened_after_it()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "before");
        var listVersion = emulator.ResourceVersion;
        await client.CreateConfigMapAsync("argo", "after");

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={listVersion}");
        var first = await watch.NextAsync();

        Assert.Equal("ADDED", first["type"]!.GetValue<string>());
        Assert.Equal("after", first["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_only_sees_its_namespace()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true");

        await client.CreateConfigMapAsync("elsewhere", "x");
        await client.CreateConfigMapAsync("argo", "y");

        Assert.Equal("y", (await watch.NextAsync())["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Losing_or_gaining_the_selected_label_is_seen_as_deleted_or_added()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache");

        await client.CreateConfigMapAsync("argo", "c", null, Objects.CacheLabel);
        await client.ApiPatchAsync($"{ConfigMaps}/c", JsonNode.Parse("""{"metadata":{"labels":{"workflows.argoproj.io/configmap-type":null}}}""")!);
        await client.ApiPatchAsync($"{ConfigMaps}/c", JsonNode.Parse("""{"data":{"unseen":"x"}}""")!);
        await client.ApiPatchAsync($"{ConfigMaps}/c", JsonNode.Parse("""{"metadata":{"labels":{"workflows.argoproj.io/configmap-type":"Cache"}}}""")!);

        var types = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            types.Add((await watch.NextAsync())["type"]!.GetValue<string>());
        }
        Assert.Equal(["ADDED", "DELETED", "ADDED"], types);
    }

    [Fact]
    public async Task Bookmarks_are_sent_on_demand_to_watches_that_allow_them()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { BookmarkInterval = null });
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");
        await using var withBookmarks = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={emulator.ResourceVersion}");
        await using var without = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={emulator.ResourceVersion}");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 2, "both watches are open");

        emulator.SendBookmarks();
        await client.CreateConfigMapAsync("argo", "b");

        Assert.Equal($$$$"""{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"{{{{emulator.ResourceVersion - 1}}}}","creationTimestamp":null}}}""", await withBookmarks.NextLineAsync());
        Assert.Equal("ADDED", (await withBookmarks.NextAsync())["type"]!.GetValue<string>());
        Assert.Equal("ADDED", (await without.NextAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Compaction_ends_open_watches_with_a_410_expired_event()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={emulator.ResourceVersion}");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the watch is open");

        emulator.Compact();

        var lines = await watch.ReadToEndAsync();
        var error = (JsonObject)JsonNode.Parse(Assert.Single(lines))!;
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
        Assert.Equal($"too old resource version: {emulator.ResourceVersion} ({emulator.ResourceVersion})", error["object"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_watch_from_the_compaction_point_itself_still_works()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await client.CreateConfigMapAsync("argo", "a");
        emulator.Compact();
        var compacted = emulator.ResourceVersion;
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={compacted}");

        await client.CreateConfigMapAsync("argo", "b");

        Assert.Equal("b", (await watch.NextAsync())["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_bounded_history_expires_old_resource_versions_on_its_own()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync(new EmulatorOptions { WatchHistoryLimit = 2 });
        using var client = emulator.CreateHttpClient();
        for (var i = 0; i < 4; i++)
        {
            await client.CreateConfigMapAsync("argo", $"cm-{i}");
        }

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion=1");

        var line = Assert.Single(await watch.ReadToEndAsync());
        Assert.Contains("\"message\":\"too old resource version: 1 (2)\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_watch_events_are_stored_and_readable_and_reach_watchers_in_order_when_released()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={emulator.ResourceVersion}");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the watch is open");

        emulator.Faults.HoldWatchEvents("configmaps");
        await client.CreateConfigMapAsync("argo", "held");
        await client.ApiPatchAsync($"{ConfigMaps}/held", JsonNode.Parse("""{"data":{"k":"v"}}""")!);
        var read = await client.ApiGetAsync($"{ConfigMaps}/held");
        Assert.Equal("v", read.Json["data"]!["k"]!.GetValue<string>()); // stored and readable meanwhile
        emulator.Faults.ReleaseWatchEvents("configmaps");

        var events = new[] { await watch.NextAsync(), await watch.NextAsync() };
        Assert.Equal(["ADDED", "MODIFIED"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("v", events[1]["object"]!["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task Held_watch_events_never_reach_a_watch_dropped_meanwhile_and_a_new_watch_replays_them()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        var before = emulator.ResourceVersion;
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={before}");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the watch is open");

        emulator.Faults.HoldWatchEvents("configmaps");
        await client.CreateConfigMapAsync("argo", "held");
        emulator.Faults.DropWatches();

        Assert.Empty(await watch.ReadToEndAsync()); // the write happened, the watcher saw nothing of it
        await using var again = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&resourceVersion={before}");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the new watch is open");
        emulator.Faults.ReleaseWatchEvents("configmaps");
        Assert.Equal("held", (await again.NextAsync())["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Dropping_watches_ends_every_open_stream()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the watch is open");

        emulator.Faults.DropWatches();

        Assert.Empty(await watch.ReadToEndAsync());
        Assert.Equal(0, emulator.OpenWatchCount);
    }

    [Fact]
    public async Task Dropping_watches_with_a_reset_breaks_the_connection()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true");
        await Eventually.WaitUntilAsync(() => emulator.OpenWatchCount == 1, "the watch is open");

        emulator.Faults.DropWatches(resetConnections: true);

        await Assert.ThrowsAnyAsync<Exception>(() => watch.ReadToEndAsync());
    }

    [Fact]
    public async Task TimeoutSeconds_ends_the_stream()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        await using var watch = await WatchStream.OpenAsync(client, $"{ConfigMaps}?watch=true&timeoutSeconds=1");

        Assert.Empty(await watch.ReadToEndAsync());
    }

    [Fact]
    public async Task A_watch_from_a_future_resource_version_is_a_timeout()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();

        var response = await client.ApiGetAsync($"{ConfigMaps}?watch=true&resourceVersion=999");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.Status);
        Assert.Equal("Too large resource version: 999, current: 0", response.Json["message"]!.GetValue<string>());
        Assert.Equal("Timeout", response.Json["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Custom_resource_watches_see_status_writes()
    {
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        using var client = emulator.CreateHttpClient();
        const string workflows = "/apis/argoproj.io/v1alpha1/namespaces/argo/workflows";
        await client.ApiPostAsync(workflows, Objects.Workflow("wf"));
        await using var watch = await WatchStream.OpenAsync(client, $"{workflows}?watch=true&resourceVersion={emulator.ResourceVersion}");

        await client.ApiPatchAsync($"{workflows}/wf", JsonNode.Parse("""{"status":{"phase":"Succeeded"}}""")!);

        var modified = await watch.NextAsync();
        Assert.Equal("MODIFIED", modified["type"]!.GetValue<string>());
        Assert.Equal("Succeeded", modified["object"]!["status"]!["phase"]!.GetValue<string>());
    }
}
