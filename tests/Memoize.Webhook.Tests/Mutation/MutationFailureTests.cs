using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Mutation;

/// <summary>An exception inside /mutate admits the object unchanged (failurePolicy Ignore semantics), with a warning, and is counted.</summary>
public sealed class MutationFailureTests
{
    [Fact]
    public async Task An_exception_while_mutating_admits_unchanged_with_a_warning()
    {
        await using var server = await WebhookServer.StartWithAsync(new WebhookOptions(), new WebhookDependencies(null, null, new BrokenIndex()));
        var (_, body) = await server.ReviewAsync("/mutate", Fixtures.Admission("configmap-create-plain.json"));

        Assert.Equal(
            """{"uid":"12b2533e-f897-4936-9350-2716ad4a7e77","allowed":true,"warnings":["memoize: internal error in the mutating webhook, so no cache label or RBAC hint was added; its log has the details under uid 12b2533e-f897-4936-9350-2716ad4a7e77"]}""",
            body["response"]!.ToJsonString());
        Assert.Equal("1", (await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_rule_exceptions_total", ("endpoint", "mutate")));
    }

    [Theory]
    [InlineData("workflow-create-kubectl-apply.json", "metadata", "\"x\"")]
    [InlineData("workflow-create-kubectl-apply.json", "metadata", "[1,\"two\",null]")]
    [InlineData("configmap-create-plain.json", "metadata", "true")]
    [InlineData("configmap-create-plain.json", "metadata", "-1.5e300")]
    [InlineData("workflow-create-kubectl-apply.json", "spec.templates.0.memoize.cache", "[1]")]
    [InlineData("workflow-create-kubectl-apply.json", "spec.templates.0.inputs", "\"x\"")]
    [InlineData("workflow-create-kubectl-apply.json", "spec.arguments", "7")]
    public async Task Fields_that_are_not_objects_are_no_internal_error(string fixture, string path, string json)
    {
        // Found by make soak's generated hostile reviews: 473 "Internal error in /mutate" lines with stack traces.
        await using var server = await WebhookServer.StartAsync();
        var review = Fixtures.AdmissionJson(fixture);
        var steps = ("request.object." + path).Split('.');
        var parent = steps[..^1].Aggregate((System.Text.Json.Nodes.JsonNode)review, (node, step) => int.TryParse(step, out var i) ? node[i]! : node[step]!);
        parent[steps[^1]] = System.Text.Json.Nodes.JsonNode.Parse(json);

        foreach (var endpoint in new[] { "/validate", "/mutate" })
        {
            var (status, body) = await server.ReviewAsync(endpoint, review.ToJsonString());
            Assert.Equal(200, (int)status);
            Assert.DoesNotContain("internal error", body.ToJsonString(), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(server.Logs.Lines, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Null((await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_rule_exceptions_total", ("endpoint", "mutate"))); // never counted
        Assert.Null((await PrometheusScrape.GetAsync(server.Health)).Value("memoize_webhook_rule_exceptions_total", ("endpoint", "validate")));
    }

    private sealed class BrokenIndex : ICacheConfigMapIndex
    {
        public bool IsSynced => true;

        public bool IsNamedCache(string @namespace, string name) => throw new InvalidOperationException("index corrupted");
    }
}
