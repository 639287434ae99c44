using Memoize.Kubernetes.Resources;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.Kubernetes.Tests.Informers;

public sealed class ResourceInformerTests : IDisposable
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UnixEpoch);
    private readonly CancellationTokenSource stop = new();
    private readonly List<string> delivered = [];
    private readonly List<Exception> errors = [];

    public void Dispose() => stop.Dispose();

    private static KubernetesApiClient Client(FakeApiHandler handler) =>
        new(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None);

    private ResourceInformer<V1ConfigMap, V1ConfigMap> Informer(KubernetesApiClient client, string? labelSelector = null)
    {
        var informer = new ResourceInformer<V1ConfigMap, V1ConfigMap>(new ConfigMapClient(client), static c => c, "argo", labelSelector, new InformerOptions { Delay = clock.AdvancingDelay });
        informer.AddHandler((change, _) =>
        {
            lock (delivered)
            {
                delivered.Add($"{change.Type} {change.Object.Name()} {change.Object.ResourceVersion()}");
            }

            return Task.CompletedTask;
        });
        informer.ErrorOccurred += error =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return informer;
    }

    private static string ConfigMapJson(string name, string resourceVersion) =>
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "argo", ["resourceVersion"] = resourceVersion },
            ["data"] = new JsonObject(),
        }.ToJsonString();

    private static string ListJson(string resourceVersion, params string[] items) =>
        $$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"{{resourceVersion}}"},"items":[{{string.Join(',', items)}}]}""";

    private static string WatchLine(string type, string objectJson) => $$"""{"type":"{{type}}","object":{{objectJson}}}""" + "\n";

    /// <summary>Runs the informer until the handler has made <paramref name="requests"/> requests (the last one hangs), then stops it.</summary>
    private async Task RunUntil(ResourceInformer<V1ConfigMap, V1ConfigMap> informer, FakeApiHandler handler, int requests)
    {
        var run = informer.RunAsync(stop.Token);
        await Eventually.Until(() => handler.Requests.Count >= requests, $"{requests} requests to the fake API server");
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task Lists_then_watches_from_the_list_resourceVersion_and_delivers_events_in_order()
    {
        var handler = new FakeApiHandler()
            .ThenFixture(HttpStatusCode.OK, "api/list-labelselector.json")
            .ThenFixture(HttpStatusCode.OK, "api/watch-stream.jsonl")
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client, "workflows.argoproj.io/configmap-type=Cache");

        await RunUntil(informer, handler, 3);

        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Assert.Equal(
            ["Added greeting-cache 232", "Updated greeting-cache 236", "Updated greeting-cache 237", "Deleted greeting-cache 238"],
            delivered);
        Assert.Equal(
            [
                "/api/v1/namespaces/argo/configmaps?labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache&limit=100",
                "/api/v1/namespaces/argo/configmaps?allowWatchBookmarks=true&labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache&resourceVersion=235&timeoutSeconds=300&watch=true",
                "/api/v1/namespaces/argo/configmaps?allowWatchBookmarks=true&labelSelector=workflows.argoproj.io%2Fconfigmap-type%3DCache&resourceVersion=238&timeoutSeconds=300&watch=true",
            ],
            handler.Requests.Select(request => request.PathAndQuery));
        Assert.Empty(informer.List());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Synced_completes_after_the_first_list_and_the_store_answers_lookups()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10", ConfigMapJson("a", "5"), ConfigMapJson("b", "7")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Within(informer.Synced, "the informer to sync");

        Assert.Equal(["Added a 5", "Added b 7"], delivered);
        Assert.Equal("7", informer.TryGet("argo", "b")!.ResourceVersion());
        Assert.Null(informer.TryGet("argo", "c"));
        Assert.Null(informer.TryGet("other", "a"));
        Assert.Equal(["a", "b"], informer.List().Select(item => item.Name()).Order());
        Assert.Equal("10", informer.ResourceVersion);
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task Expired_watch_relists_and_delivers_only_the_differences()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10", ConfigMapJson("a", "1"), ConfigMapJson("b", "1"), ConfigMapJson("same", "3")))
            .Then(HttpStatusCode.OK, Fixture.Text("api/watch-410-gone.jsonl"))
            .Then(HttpStatusCode.OK, ListJson("20", ConfigMapJson("a", "2"), ConfigMapJson("c", "1"), ConfigMapJson("same", "3")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);

        await RunUntil(informer, handler, 4);

        Assert.Equal(
            ["Added a 1", "Added b 1", "Added same 3", "Updated a 2", "Added c 1", "Deleted b 1"],
            delivered);
        Assert.Equal("/api/v1/namespaces/argo/configmaps?limit=100", handler.Requests[2].PathAndQuery);
        Assert.Contains("resourceVersion=20&", handler.Requests[3].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(["a", "c", "same"], informer.List().Select(item => item.Name()).Order());
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task Http_410_at_watch_start_also_relists()
    {
        var gone = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 10 (206)","reason":"Expired","code":410}""";
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10", ConfigMapJson("a", "1")))
            .Then(HttpStatusCode.Gone, gone)
            .Then(HttpStatusCode.OK, ListJson("30", ConfigMapJson("a", "1")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);

        await RunUntil(informer, handler, 4);

        Assert.Equal(["Added a 1"], delivered);
        Assert.Contains("resourceVersion=30&", handler.Requests[3].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dropped_stream_reconnects_from_the_last_resourceVersion_after_a_backoff_without_relisting()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10"))
            .Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new CutStream(WatchLine("ADDED", ConfigMapJson("a", "11")))) })
            .Then(HttpStatusCode.OK, WatchLine("MODIFIED", ConfigMapJson("a", "12")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);

        await RunUntil(informer, handler, 4);

        Assert.Equal(["Added a 11", "Updated a 12"], delivered);
        Assert.Contains("resourceVersion=10&", handler.Requests[1].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=11&", handler.Requests[2].PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=12&", handler.Requests[3].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(1)], clock.Delays);
        Assert.IsType<ServerUnreachableException>(Assert.Single(errors));
    }

    [Fact]
    public async Task Bookmarks_advance_the_resourceVersion_without_delivering_anything()
    {
        var bookmark = """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"300"}}}""" + "\n";
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10"))
            .Then(HttpStatusCode.OK, bookmark)
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);

        await RunUntil(informer, handler, 3);

        Assert.Empty(delivered);
        Assert.Contains("resourceVersion=300&", handler.Requests[2].PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("300", informer.ResourceVersion);
    }

    [Fact]
    public async Task Failed_first_list_is_retried_with_backoff_and_synced_waits_for_it()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.Forbidden, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"configmaps is forbidden: User \"system:serviceaccount:argo:memoize\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"argo\"","reason":"Forbidden","code":403}""")
            .Then(HttpStatusCode.ServiceUnavailable, "")
            .Then(HttpStatusCode.OK, ListJson("10", ConfigMapJson("a", "1")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = Informer(client);

        await RunUntil(informer, handler, 4);

        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], clock.Delays);
        Assert.Equal(
            "configmaps is forbidden: User \"system:serviceaccount:argo:memoize\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"argo\"",
            Assert.IsType<ForbiddenException>(errors[0]).Message);
        Assert.IsType<ServerErrorException>(errors[1]);
    }

    [Fact]
    public async Task A_failing_handler_is_reported_and_does_not_stop_the_others()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, ListJson("10", ConfigMapJson("a", "1")))
            .Then(HttpStatusCode.OK, WatchLine("MODIFIED", ConfigMapJson("a", "2")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = new ResourceInformer<V1ConfigMap, V1ConfigMap>(new ConfigMapClient(client), static c => c, "argo", options: new InformerOptions { Delay = clock.AdvancingDelay });
        informer.AddHandler((_, _) => throw new InvalidOperationException("handler bug"));
        informer.AddHandler((change, _) =>
        {
            delivered.Add($"{change.Type} {change.Object.ResourceVersion()} after {change.OldObject?.ResourceVersion()}");
            return Task.CompletedTask;
        });
        informer.ErrorOccurred += errors.Add;

        await RunUntil(informer, handler, 3);

        Assert.Equal(["Added 1 after ", "Updated 2 after 1"], delivered);
        Assert.Equal(["handler bug", "handler bug"], errors.Select(error => error.Message));
    }
}
