using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Tests.Support;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>What the project's admission webhook answers looks like by the time it reaches a client: denials, causes, warnings, patches.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed class AdmissionContractTests(ContractCluster cluster)
{
    private const string NeedsWebhook = "a real cluster calls only webhooks deployed in it; the suite does not deploy one";
    private readonly ConfigMapClient configMaps = new(cluster.Client);

    [ContractFact(EmulatorOnly = NeedsWebhook)]
    public async Task A_denial_reaches_the_client_as_Forbidden_with_the_webhook_message_and_its_warnings()
    {
        var test = ContractCluster.UniqueName("deny");
        const string Message = "cache ConfigMaps must carry the label workflows.argoproj.io/configmap-type=Cache: add it, or Argo refuses the cache";
        await using var webhook = await ContractWebhook.StartAsync(cluster, "deny", test, mutating: false, review =>
            Reviews.Deny(review, new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = Message }, "this ConfigMap looks like a cache"));
        var warnings = new List<ApiWarning>();
        cluster.Client.WarningReceived += warnings.Add;
        try
        {
            var error = await Assert.ThrowsAsync<ForbiddenException>(() => configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, test, test)));

            var expected = new KubernetesStatus(403, "Forbidden", $"admission webhook \"{webhook.WebhookName}\" denied the request: {Message}", null, null, [], null);
            RecordedStatus.AssertCarries(expected, error);
            Assert.Equal([new ApiWarning("this ConfigMap looks like a cache", $"POST /api/v1/namespaces/{cluster.Namespace}/configmaps")], warnings);
            Assert.Null(await configMaps.TryGetAsync(cluster.Namespace, test));
        }
        finally
        {
            cluster.Client.WarningReceived -= warnings.Add;
        }
    }

    [ContractFact(EmulatorOnly = NeedsWebhook)]
    public async Task A_denial_with_causes_reaches_the_client_as_Invalid_with_each_cause()
    {
        var test = ContractCluster.UniqueName("invalid");
        const string Cause = "Invalid value: \"a.b\": a cache key may contain only letters, digits and '-' (Argo: invalid cache key); e.g. a-b";
        await using var webhook = await ContractWebhook.StartAsync(cluster, "invalid", test, mutating: false, review => Reviews.Deny(review, new JsonObject
        {
            ["code"] = 422,
            ["reason"] = "Invalid",
            ["message"] = "data[a.b]: " + Cause,
            ["details"] = new JsonObject
            {
                ["name"] = test,
                ["kind"] = "ConfigMap",
                ["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = Cause, ["field"] = "data[a.b]" }),
            },
        }));

        var error = await Assert.ThrowsAsync<InvalidException>(() =>
            configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, test, test, new Dictionary<string, string> { ["a.b"] = "{}" })));

        var expected = new KubernetesStatus(422, "Invalid", $"admission webhook \"{webhook.WebhookName}\" denied the request: data[a.b]: {Cause}", test, "ConfigMap",
            [new StatusCause("FieldValueInvalid", Cause, "data[a.b]")], null);
        RecordedStatus.AssertCarries(expected, error);
        Assert.False(error.IsTooLong);
    }

    [ContractFact(EmulatorOnly = NeedsWebhook)]
    public async Task Warnings_of_an_allowed_request_reach_the_client_in_order()
    {
        var test = ContractCluster.UniqueName("warn");
        await using var webhook = await ContractWebhook.StartAsync(cluster, "warn", test, mutating: false, review =>
            Reviews.Allow(review, "memoize.maxAge: \"0s\" makes every lookup miss", "a \\ backslash survives"));
        var warnings = new List<ApiWarning>();
        cluster.Client.WarningReceived += warnings.Add;
        try
        {
            var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, test, test));
            created.Data["k"] = "v";
            await configMaps.UpdateAsync(created);

            var create = $"POST /api/v1/namespaces/{cluster.Namespace}/configmaps";
            var update = $"PUT /api/v1/namespaces/{cluster.Namespace}/configmaps/{test}";
            Assert.Equal(
                [
                    new ApiWarning("memoize.maxAge: \"0s\" makes every lookup miss", create), new ApiWarning("a \\ backslash survives", create),
                    new ApiWarning("memoize.maxAge: \"0s\" makes every lookup miss", update), new ApiWarning("a \\ backslash survives", update),
                ],
                warnings);
            Assert.Equal(["CREATE", "UPDATE"], webhook.Server.Received.Select(r => r.Request["operation"]!.GetValue<string>()));
        }
        finally
        {
            cluster.Client.WarningReceived -= warnings.Add;
        }
    }

    [ContractFact(EmulatorOnly = NeedsWebhook)]
    public async Task A_mutating_webhook_patch_is_applied_to_the_stored_object()
    {
        var test = ContractCluster.UniqueName("mutate");
        await using var webhook = await ContractWebhook.StartAsync(cluster, "label", test, mutating: true, review =>
            Reviews.Patch(review, """[{"op":"add","path":"/metadata/labels/workflows.argoproj.io~1configmap-type","value":"Cache"}]"""));

        var created = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, test, test));
        var read = await configMaps.GetAsync(cluster.Namespace, test);

        Assert.Equal("Cache", created.Metadata.Labels[ContractObjects.CacheLabel]);
        Assert.Equal("Cache", read.Metadata.Labels[ContractObjects.CacheLabel]);
        Assert.Equal(test, read.Metadata.Labels[ContractCluster.TestLabel]);
        var sent = Assert.Single(webhook.Server.Received);
        Assert.Null(sent.Request["object"]!["metadata"]!["labels"]![ContractObjects.CacheLabel]);
    }
}
