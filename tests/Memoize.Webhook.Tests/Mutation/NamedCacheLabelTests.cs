using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Mutation;

/// <summary>ConfigMaps named as caches by known Argo objects (the informer-fed index) are labelled even when empty.</summary>
public sealed class NamedCacheLabelTests
{
    [Fact]
    public async Task An_empty_ConfigMap_named_as_a_cache_by_a_known_workflow_is_labelled_and_one_sharing_the_namespace_is_not()
    {
        await using var server = await WebhookServer.StartAsync();
        var workflow = ArgoObject.TryFrom(Fixtures.AdmissionJson("workflow-create-kubectl-apply.json")["request"]!["object"]!.DeepClone())!;
        server.Index!.Upsert(workflow);

        var (_, named) = await server.ReviewAsync("/mutate", Fixtures.Admission("configmap-create-plain.json"));
        Assert.Equal(
            """[{"op":"add","path":"/metadata/labels","value":{"workflows.argoproj.io/configmap-type":"Cache"}}]""",
            JsonPatchApplier.Decode((string)named["response"]!["patch"]!).ToJsonString());

        var neighbour = Reviews.Edited("configmap-create-plain.json", request =>
        {
            request["name"] = "other-settings";
            request["object"]!["metadata"]!["name"] = "other-settings";
        });
        var (_, other) = await server.ReviewAsync("/mutate", neighbour);
        Assert.Equal(Reviews.Allowed("12b2533e-f897-4936-9350-2716ad4a7e77"), other.ToJsonString());

        var otherNamespace = Reviews.Edited("configmap-create-plain.json", request =>
        {
            request["namespace"] = "team-a";
            request["object"]!["metadata"]!["namespace"] = "team-a";
        });
        var (_, elsewhere) = await server.ReviewAsync("/mutate", otherNamespace);
        Assert.Equal(Reviews.Allowed("12b2533e-f897-4936-9350-2716ad4a7e77"), elsewhere.ToJsonString());

        server.Index.Remove(workflow);
        var (_, afterDelete) = await server.ReviewAsync("/mutate", Fixtures.Admission("configmap-create-plain.json"));
        Assert.Equal(Reviews.Allowed("12b2533e-f897-4936-9350-2716ad4a7e77"), afterDelete.ToJsonString());
    }
}
