using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.Core.Cache;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Config;
using Memoize.Kubernetes.Resources;
using Memoize.Reconciler.Cache;
using Memoize.Reconciler.Observability;
using Memoize.Reconciler.Tests.Support;
using Memoize.Testing.Time;
using Microsoft.Extensions.Logging.Abstractions;

namespace Memoize.Reconciler.Tests.Cache;

/// <summary>
/// The API server's "Too long" answer, which the budget planner should prevent, handled if it still happens (e.g. a
/// mutating webhook adds data). Served by a scripted handler replaying the recorded 422 (fixtures/api/post-422-toolong.json).
/// </summary>
public class ConfigMapCacheStoreTooLongTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static string Stored(string node, string lastHit) =>
        $$"""{"nodeID":"{{node}}","outputs":null,"creationTimestamp":"2026-11-21T09:00:00Z","lastHitTimestamp":"2026-11-21T{{lastHit}}Z"}""";

    [Fact]
    public async Task A_too_long_answer_is_planned_again_with_less_room_evicting_the_least_recently_hit_entry()
    {
        var configMap = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "big",
                ["namespace"] = "argo",
                ["resourceVersion"] = "10",
                ["labels"] = new JsonObject { ["workflows.argoproj.io/configmap-type"] = "Cache" },
            },
            ["data"] = new JsonObject { ["old"] = Stored("n-old", "09:01:00"), ["recent"] = Stored("n-recent", "09:59:00") },
        };
        var handler = new ScriptedApiServer(configMap);
        using var api = new KubernetesApiClient(new ClusterConnection(new Uri("https://127.0.0.1:6443")), handler, RetryPolicy.None);
        using var metrics = new ReconcilerMetrics();
        var store = new ConfigMapCacheStore(new ConfigMapClient(api), (_, _) => null, CacheBudget.Default, new ManualTimeProvider(Now), metrics,
            new EventReporter(null, NullLogger.Instance), NullLogger.Instance);
        using var cancel = new CancellationTokenSource(TestCluster.Deadline);

        var result = await store.StoreAsync("argo", "big", new StoreOperation("new", new CacheEntry("n-new", null, Now, Now), null), cancel.Token);

        Assert.Equal(CacheWriteOutcomeKind.Stored, result.Kind);
        Assert.Equal(["GET", "PUT", "GET", "PUT"], handler.Requests.Select(r => r.Method)); // re-read after the refusal, then a smaller plan
        var accepted = (JsonObject)JsonNode.Parse(handler.Requests[^1].Body!)!;
        Assert.Equal(["new", "recent"], accepted["data"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(1, metrics.Evictions.Value);
        Assert.Equal(2, metrics.ConfigMapWrites.Value);
    }

    /// <summary>Answers GET with the ConfigMap, the first PUT with the recorded 422 Too long, later PUTs with the body as stored.</summary>
    private sealed class ScriptedApiServer(JsonObject configMap) : HttpMessageHandler
    {
        public List<(string Method, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add((request.Method.Method, body));
            if (request.Method == HttpMethod.Get)
            {
                return Json(HttpStatusCode.OK, configMap.ToJsonString());
            }
            if (Requests.Count(r => r.Method == "PUT") == 1)
            {
                return Json(HttpStatusCode.UnprocessableEntity, Fixtures.Json("api", "post-422-toolong.json").ToJsonString());
            }
            var stored = (JsonObject)JsonNode.Parse(body!)!;
            stored["metadata"]!["resourceVersion"] = "11";
            return Json(HttpStatusCode.OK, stored.ToJsonString());
        }

        private static HttpResponseMessage Json(HttpStatusCode code, string body) =>
            new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
