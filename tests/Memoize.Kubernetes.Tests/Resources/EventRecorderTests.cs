using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Kubernetes.Tests.Support;
using Memoize.Testing.Time;

namespace Memoize.Kubernetes.Tests.Resources;

public class EventRecorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    private static readonly V1ObjectReference Workflow = new() { ApiVersion = "argoproj.io/v1alpha1", Kind = "Workflow", NamespaceProperty = "argo", Name = "memoized-abc", Uid = "uid-1" };

    private static EventRecorder Recorder(FakeApiHandler handler) =>
        new(new KubernetesApiClient(new ClusterConnection(new Uri("https://k8s.test")), handler, RetryPolicy.None), "memoize.dev/reconciler", "memoize-7d9f-abc", new ManualTimeProvider(Now));

    [Fact]
    public async Task Records_an_events_k8s_io_v1_event_in_the_objects_namespace()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.Created, "{}");

        await Recorder(handler).RecordAsync(Workflow, EventType.Warning, "CacheTooLarge", "Store", "cache whalesay-cache is over its size budget");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/apis/events.k8s.io/v1/namespaces/argo/events", request.PathAndQuery);
        var sent = (JsonObject)JsonNode.Parse(request.Body!)!;
        Assert.StartsWith("memoized-abc.", ObjectMetadata.Name(sent), StringComparison.Ordinal);
        sent["metadata"]!.AsObject().Remove("name");
        var expected = JsonNode.Parse(
            """{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"namespace":"argo"},"eventTime":"2026-03-04T05:06:07.890000Z","reportingController":"memoize.dev/reconciler","reportingInstance":"memoize-7d9f-abc","action":"Store","reason":"CacheTooLarge","note":"cache whalesay-cache is over its size budget","type":"Warning","regarding":{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","namespace":"argo","name":"memoized-abc","uid":"uid-1"}}""");
        Assert.True(JsonNode.DeepEquals(expected, sent), sent.ToJsonString());
    }

    [Fact]
    public async Task Falls_back_to_core_v1_events_when_events_k8s_io_is_not_served_and_stays_there()
    {
        var notServed = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"the server could not find the requested resource","reason":"NotFound","details":{},"code":404}""";
        var handler = new FakeApiHandler()
            .Then(HttpStatusCode.NotFound, notServed)
            .Then(HttpStatusCode.Created, "{}")
            .Then(HttpStatusCode.Created, "{}");
        var recorder = Recorder(handler);

        await recorder.RecordAsync(Workflow, EventType.Normal, "CacheHit", "Lookup", "hit");
        await recorder.RecordAsync(Workflow, EventType.Normal, "CacheHit", "Lookup", "hit again");

        Assert.Equal(
            ["/apis/events.k8s.io/v1/namespaces/argo/events", "/api/v1/namespaces/argo/events", "/api/v1/namespaces/argo/events"],
            handler.Requests.Select(request => request.PathAndQuery));
        var core = (JsonObject)JsonNode.Parse(handler.Requests[1].Body!)!;
        Assert.Equal("hit", core["message"]!.GetValue<string>());
        Assert.Equal("Normal", core["type"]!.GetValue<string>());
        Assert.Equal("2026-03-04T05:06:07.000000Z", core["firstTimestamp"]!.GetValue<string>());
        Assert.Equal("memoized-abc", core["involvedObject"]!["name"]!.GetValue<string>());
        Assert.Equal("memoize.dev/reconciler", core["source"]!["component"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_scoped_objects_get_events_in_default_and_long_notes_are_cut_to_1_KiB()
    {
        var handler = new FakeApiHandler().Then(HttpStatusCode.Created, "{}");
        var template = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "ClusterWorkflowTemplate",
            ["metadata"] = new JsonObject { ["name"] = "shared" },
        };

        await Recorder(handler).RecordAsync(template, EventType.Warning, "InvalidMemoize", "Validate", new string('é', 2000));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/apis/events.k8s.io/v1/namespaces/default/events", request.PathAndQuery);
        var note = JsonNode.Parse(request.Body!)!["note"]!.GetValue<string>();
        Assert.EndsWith("...", note, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(note) <= 1024);
        Assert.Null(JsonNode.Parse(request.Body!)!["regarding"]!["namespace"]);
    }
}
