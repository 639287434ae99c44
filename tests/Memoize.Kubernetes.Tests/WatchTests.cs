using System.Net;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace Memoize.Kubernetes.Tests;

public class WatchTests
{
    private static KubernetesApiClient Client(FakeApiHandler handler) =>
        new(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None);

    private static async Task<List<WatchEvent<T>>> Collect<T>(IAsyncEnumerable<WatchEvent<T>> events)
    {
        var collected = new List<WatchEvent<T>>();
        await foreach (var watchEvent in events)
        {
            collected.Add(watchEvent);
        }

        return collected;
    }

    [Fact]
    public async Task Recorded_stream_yields_added_modified_deleted_in_order()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.OK, Fixture.Text("api/watch-stream.jsonl"));
        using var client = Client(handler);

        var events = await Collect(new ConfigMapClient(client).WatchAsync("argo", new WatchOptions { ResourceVersion = "235", TimeoutSeconds = 300 }));

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(["236", "237", "238"], events.Select(e => e.Object.ResourceVersion()));
        Assert.All(events, e => Assert.Equal("greeting-cache", e.Object.Name()));
        Assert.Equal("x", events[1].Object.GetAnnotation("note"));
        Assert.Equal(
            "/api/v1/namespaces/argo/configmaps?allowWatchBookmarks=true&resourceVersion=235&timeoutSeconds=300&watch=true",
            Assert.Single(handler.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Bookmark_events_are_yielded_with_their_resourceVersion()
    {
        var stream = """
            {"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"300","annotations":{"k8s.io/initial-events-end":"true"}}}}

            """;
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.OK, stream));

        var events = await Collect(new ConfigMapClient(client).WatchAsync(null, new WatchOptions { LabelSelector = "a=b" }));

        var bookmark = Assert.Single(events);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal("300", bookmark.Object.ResourceVersion());
    }

    [Fact]
    public async Task Expired_error_event_throws_ExpiredException_after_the_earlier_events()
    {
        var lines = Fixture.Text("api/watch-stream.jsonl").Split('\n')[0] + "\n" + Fixture.Text("api/watch-410-gone.jsonl");
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.OK, lines));
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAsync<ExpiredException>(async () =>
        {
            await foreach (var watchEvent in new ConfigMapClient(client).WatchAsync("argo", new WatchOptions { ResourceVersion = "1" }))
            {
                seen.Add(watchEvent);
            }
        });

        Assert.Equal("too old resource version: 1 (206)", error.Message);
        Assert.Equal(410, error.Status.Code);
        Assert.Equal(WatchEventType.Added, Assert.Single(seen).Type);
    }

    [Fact]
    public async Task Http_410_at_watch_start_throws_ExpiredException()
    {
        var gone = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (206)","reason":"Expired","code":410}""";
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.Gone, gone));

        var error = await Assert.ThrowsAsync<ExpiredException>(() => Collect(new ConfigMapClient(client).WatchAsync("argo", new WatchOptions { ResourceVersion = "1" })));

        Assert.Equal("too old resource version: 1 (206)", error.Message);
    }

    [Fact]
    public async Task Stream_cut_midway_yields_what_arrived_then_throws_ServerUnreachable()
    {
        var firstLine = Fixture.Text("api/watch-stream.jsonl").Split('\n')[0] + "\n";
        var handler = new FakeApiHandler().Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream(firstLine)) });
        using var client = Client(handler);
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(async () =>
        {
            await foreach (var watchEvent in new ConfigMapClient(client).WatchAsync("argo", new WatchOptions()))
            {
                seen.Add(watchEvent);
            }
        });

        Assert.Single(seen);
        Assert.Equal("the watch WATCH configmaps in argo on the Kubernetes API server https://k8s.test was cut off: connection reset by peer", error.Message);
    }

    [Fact]
    public async Task Line_that_is_not_a_watch_event_is_a_clear_error()
    {
        using var client = Client(new FakeApiHandler().Then(HttpStatusCode.OK, "{\"hello\":1}\n"));

        var error = await Assert.ThrowsAsync<KubernetesApiException>(() => Collect(new ArgoResourceClient(client, ResourceType.Workflows).WatchAsync("argo", new WatchOptions { AllowWatchBookmarks = false })));

        Assert.StartsWith("the watch WATCH workflows in argo sent a line that is not a watch event ({\"type\":...,\"object\":{...}}): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_connection_aborted_by_the_server_midway_throws_ServerUnreachable_after_the_delivered_events()
    {
        var firstLine = Fixture.Text("api/watch-stream.jsonl").Split('\n')[0] + "\n";
        var clientSawFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackApiServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(firstLine);
            await context.Response.Body.FlushAsync();

            // Cut the connection only once the line has arrived: a reset may otherwise discard unread data.
            await clientSawFirst.Task.WaitAsync(Eventually.Deadline);
            context.Abort();
        });
        using var client = new KubernetesApiClient(new ClusterConnection(server.Url), RetryPolicy.None);
        var seen = new List<WatchEvent<V1ConfigMap>>();

        var error = await Assert.ThrowsAsync<ServerUnreachableException>(async () =>
        {
            await foreach (var watchEvent in new ConfigMapClient(client).WatchAsync("argo", new WatchOptions { ResourceVersion = "235" }))
            {
                seen.Add(watchEvent);
                clientSawFirst.TrySetResult();
            }
        });

        Assert.Equal("236", Assert.Single(seen).Object.ResourceVersion());
        Assert.StartsWith("the watch WATCH configmaps in argo on the Kubernetes API server http://127.0.0.1:", error.Message, StringComparison.Ordinal);
    }
}
