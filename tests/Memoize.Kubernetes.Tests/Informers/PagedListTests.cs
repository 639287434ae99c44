using Memoize.Kubernetes.Resources;
using k8s.Models;
using System.Net;
using System.Text.Json.Nodes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.Kubernetes.Tests.Informers;

/// <summary>The informer's list in pages (<c>limit</c>/<c>continue</c>) and its transform step, against a scripted API server.</summary>
public sealed class PagedListTests : IDisposable
{
    private const string Gone =
        """{"kind":"Status","apiVersion":"v1","metadata":{"continue":"rest"},"status":"Failure","message":"The provided continue parameter is too old to display a consistent list result.","reason":"Expired","code":410}""";

    private readonly ManualTimeProvider clock = new(DateTimeOffset.UnixEpoch);
    private readonly CancellationTokenSource stop = new();
    private readonly List<Exception> errors = [];

    public void Dispose() => stop.Dispose();

    private static KubernetesApiClient Client(FakeApiHandler handler) =>
        new(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None);

    private static string ConfigMapJson(string name, string resourceVersion, string value = "") =>
        new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "argo", ["resourceVersion"] = resourceVersion },
            ["data"] = new JsonObject { ["k"] = value },
        }.ToJsonString();

    private static string Page(string resourceVersion, string? continueToken, params string[] items)
    {
        var more = continueToken is null ? "" : $$""","continue":"{{continueToken}}","remainingItemCount":1""";
        return $$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"{{resourceVersion}}"{{more}}},"items":[{{string.Join(',', items)}}]}""";
    }

    private ResourceInformer<V1ConfigMap, string> NamesInformer(KubernetesApiClient client, int pageSize)
    {
        var informer = new ResourceInformer<V1ConfigMap, string>(
            new ConfigMapClient(client), obj => $"{obj.Name()}={obj.Data["k"]}", "argo", null, new InformerOptions { PageSize = pageSize, Delay = clock.AdvancingDelay });
        informer.ErrorOccurred += error =>
        {
            lock (errors)
            {
                errors.Add(error);
            }
        };
        return informer;
    }

    [Fact]
    public async Task A_list_of_several_pages_is_read_whole_and_watched_from_the_first_pages_resourceVersion()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, Page("10", "t1", ConfigMapJson("a", "3", "1"), ConfigMapJson("b", "4", "2")))
            .Then(HttpStatusCode.OK, Page("10", "t2", ConfigMapJson("c", "5", "3"), ConfigMapJson("d", "6", "4")))
            .Then(HttpStatusCode.OK, Page("10", null, ConfigMapJson("e", "7", "5")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = NamesInformer(client, 2);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Until(() => handler.Requests.Count >= 4, "the informer to watch");

        Assert.Equal(
            [
                "/api/v1/namespaces/argo/configmaps?limit=2",
                "/api/v1/namespaces/argo/configmaps?continue=t1&limit=2",
                "/api/v1/namespaces/argo/configmaps?continue=t2&limit=2",
                "/api/v1/namespaces/argo/configmaps?allowWatchBookmarks=true&resourceVersion=10&timeoutSeconds=300&watch=true",
            ],
            handler.Requests.Select(request => request.PathAndQuery));
        Assert.Equal(["a=1", "b=2", "c=3", "d=4", "e=5"], informer.List().Order(StringComparer.Ordinal));
        Assert.Equal("c=3", informer.TryGet("argo", "c"));
        Assert.True(informer.Synced.IsCompletedSuccessfully);
        Assert.Empty(errors);
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task A_continue_token_that_expired_between_pages_starts_the_list_again_without_backing_off()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, Page("10", "t1", ConfigMapJson("a", "3", "old")))
            .Then(HttpStatusCode.Gone, Gone)
            .Then(HttpStatusCode.OK, Page("20", "u1", ConfigMapJson("a", "15", "new")))
            .Then(HttpStatusCode.OK, Page("20", null, ConfigMapJson("b", "16", "2")))
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = NamesInformer(client, 1);
        var delivered = new List<string>();
        informer.AddHandler((change, _) =>
        {
            delivered.Add($"{change.Type} {change.Key} {change.Object}");
            return Task.CompletedTask;
        });
        var run = informer.RunAsync(stop.Token);

        await Eventually.Until(() => handler.Requests.Count >= 5, "the informer to watch");

        Assert.Equal(
            [
                "/api/v1/namespaces/argo/configmaps?limit=1",
                "/api/v1/namespaces/argo/configmaps?continue=t1&limit=1",
                "/api/v1/namespaces/argo/configmaps?limit=1",
                "/api/v1/namespaces/argo/configmaps?continue=u1&limit=1",
                "/api/v1/namespaces/argo/configmaps?allowWatchBookmarks=true&resourceVersion=20&timeoutSeconds=300&watch=true",
            ],
            handler.Requests.Select(request => request.PathAndQuery));
        Assert.Equal(["Added argo/a a=new", "Added argo/b b=2"], delivered);
        Assert.Empty(clock.Delays);
        Assert.Empty(errors);
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task After_three_lists_lose_their_continue_token_the_informer_lists_in_one_request()
    {
        var handler = new FakeApiHandler();
        for (var i = 0; i < 3; i++)
        {
            handler.Then(HttpStatusCode.OK, Page("10", "t1", ConfigMapJson("a", "3"))).Then(HttpStatusCode.Gone, Gone);
        }

        handler.Then(HttpStatusCode.OK, Page("30", null, ConfigMapJson("a", "3"), ConfigMapJson("b", "4"))).Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = NamesInformer(client, 1);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Within(informer.Synced, "the informer to sync");

        Assert.Equal("/api/v1/namespaces/argo/configmaps", handler.Requests[6].PathAndQuery);
        Assert.Equal(["a=", "b="], informer.List().Order(StringComparer.Ordinal));
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }

    [Fact]
    public async Task Watch_events_are_stored_as_the_transform_made_them_and_a_failing_transform_is_reported()
    {
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.OK, Page("10", null, ConfigMapJson("a", "3", "1")))
            .Then(HttpStatusCode.OK, $$"""{"type":"MODIFIED","object":{{ConfigMapJson("a", "11", "2")}}}""" + "\n" + """{"type":"ADDED","object":{"metadata":{"name":"broken","namespace":"argo","resourceVersion":"12"}}}""" + "\n")
            .Then(_ => HangingContent.Response());
        using var client = Client(handler);
        var informer = NamesInformer(client, 500);
        var run = informer.RunAsync(stop.Token);

        await Eventually.Until(() => handler.Requests.Count >= 3, "the informer to watch again");

        Assert.Equal(["a=2"], informer.List());
        Assert.Contains("resourceVersion=12&", handler.Requests[2].PathAndQuery, StringComparison.Ordinal);
        Assert.IsType<NullReferenceException>(Assert.Single(errors));
        await stop.CancelAsync();
        await Eventually.Within(run, "the informer to stop");
    }
}
