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

    private sealed class BrokenIndex : ICacheConfigMapIndex
    {
        public bool IsSynced => true;

        public bool IsNamedCache(string @namespace, string name) => throw new InvalidOperationException("index corrupted");
    }
}
