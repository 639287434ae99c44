using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Mutation;

/// <summary>The Cache label on ConfigMaps: when it is added, the JSON Patch for each shape of metadata, and when it never is.</summary>
public sealed class CacheLabelPatchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string LabelKey = "workflows.argoproj.io/configmap-type";

    private WebhookServer Server => fixture.Server;

    private static string CacheEntry => """{"nodeID":"memo-apply","outputs":null,"creationTimestamp":"2026-11-21T10:00:00Z","lastHitTimestamp":null}""";

    /// <summary>A ConfigMap CREATE in namespace argo with the given name (null: generateName), labels and data.</summary>
    private static JsonObject ConfigMapReview(string? name, JsonObject? labels, JsonObject? data, string @namespace = "argo")
    {
        var review = Fixtures.AdmissionJson("configmap-create-plain.json");
        var request = review["request"]!.AsObject();
        request["namespace"] = @namespace;
        var metadata = request["object"]!["metadata"]!.AsObject();
        metadata["namespace"] = @namespace;
        if (name is null)
        {
            request.Remove("name");
            metadata.Remove("name");
            metadata["generateName"] = "cache-";
        }
        else
        {
            request["name"] = name;
            metadata["name"] = name;
        }

        if (labels is not null)
        {
            metadata["labels"] = labels;
        }

        if (data is not null)
        {
            request["object"]!["data"] = data;
        }

        return review;
    }

    public static TheoryData<string, string?, string?, string?, string?> Cases => new()
    {
        // what, labels (JSON), data (JSON), expected patch (JSON) or null for none, expected labels after (JSON)
        { "labels absent: the whole map is added", null, $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", $$$"""[{"op":"add","path":"/metadata/labels","value":{"{{{LabelKey}}}":"Cache"}}]""", $$$"""{"{{{LabelKey}}}":"Cache"}""" },
        { "labels present: one member is added, / escaped as ~1", """{"team":"data"}""", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", """[{"op":"add","path":"/metadata/labels/workflows.argoproj.io~1configmap-type","value":"Cache"}]""", $$$"""{"team":"data","{{{LabelKey}}}":"Cache"}""" },
        { "empty labels map", "{}", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", """[{"op":"add","path":"/metadata/labels/workflows.argoproj.io~1configmap-type","value":"Cache"}]""", $$$"""{"{{{LabelKey}}}":"Cache"}""" },
        { "already Cache", $$$"""{"{{{LabelKey}}}":"Cache"}""", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", null, null },
        { "a Parameter ConfigMap is never touched", $$$"""{"{{{LabelKey}}}":"Parameter"}""", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", null, null },
        { "an ExecutorPlugin ConfigMap is never touched", $$$"""{"{{{LabelKey}}}":"ExecutorPlugin"}""", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", null, null },
        { "an empty label value is someone's choice", $$$"""{"{{{LabelKey}}}":""}""", $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""", null, null },
        { "entries in other case (NodeID) still count", null, """{"a":"{\"NodeID\":\"x\",\"Outputs\":null}"}""", $$$"""[{"op":"add","path":"/metadata/labels","value":{"{{{LabelKey}}}":"Cache"}}]""", $$$"""{"{{{LabelKey}}}":"Cache"}""" },
        { "one entry that is not a cache entry", null, $$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}},"b":"hello"}""", null, null },
        { "nodeID that is not a string", null, """{"a":"{\"nodeID\":42}"}""", null, null },
        { "no data", null, null, null, null },
        { "empty data", null, "{}", null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_cache_label_patch_fits_the_metadata(string what, string? labels, string? data, string? expectedPatch, string? expectedLabels)
    {
        var review = ConfigMapReview("some-cache", labels is null ? null : JsonNode.Parse(labels)!.AsObject(), data is null ? null : JsonNode.Parse(data)!.AsObject());
        var (_, body) = await Server.ReviewAsync("/mutate", review.ToJsonString());
        var response = body["response"]!;
        Assert.True((bool)response["allowed"]!, what);
        if (expectedPatch is null)
        {
            Assert.Null(response["patch"]);
            Assert.Null(response["patchType"]);
            return;
        }

        Assert.Equal("JSONPatch", (string?)response["patchType"]);
        var patch = JsonPatchApplier.Decode((string)response["patch"]!);
        Assert.Equal(expectedPatch, patch.ToJsonString());
        var patched = JsonPatchApplier.Apply(review["request"]!["object"]!.AsObject(), patch);
        Assert.Equal(expectedLabels, patched["metadata"]!["labels"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(review["request"]!["object"]!["data"], patched["data"]), "data untouched");
    }

    [Fact]
    public async Task A_generateName_ConfigMap_without_a_name_is_labelled_by_its_content()
    {
        var review = ConfigMapReview(null, null, JsonNode.Parse($$"""{"a":{{JsonValue.Create(CacheEntry).ToJsonString()}}}""")!.AsObject());
        var (_, body) = await Server.ReviewAsync("/mutate", review.ToJsonString());
        Assert.Equal($$$"""[{"op":"add","path":"/metadata/labels","value":{"{{{LabelKey}}}":"Cache"}}]""", JsonPatchApplier.Decode((string)body["response"]!["patch"]!).ToJsonString());
    }

    [Fact]
    public async Task An_update_that_adds_the_label_by_hand_needs_no_patch()
    {
        var (_, body) = await Server.ReviewAsync("/mutate", Fixtures.Admission("configmap-update-add-cache-label.json"));
        Assert.Equal(Reviews.Allowed("dde76f44-b9a4-4894-862b-990da8a3fc29"), body.ToJsonString());
    }
}
