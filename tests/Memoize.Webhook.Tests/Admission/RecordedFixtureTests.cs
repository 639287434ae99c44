using System.Net;
using System.Text.Json.Nodes;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Admission;

/// <summary>Every recorded AdmissionReview, POSTed over HTTPS with kube-apiserver's headers to both endpoints: exact answers.</summary>
public sealed class RecordedFixtureTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string CacheLabelPatch = """[{"op":"add","path":"/metadata/labels","value":{"workflows.argoproj.io/configmap-type":"Cache"}}]""";

    private WebhookServer Server => fixture.Server;

    public static TheoryData<string> AllFixtures => [.. Fixtures.AdmissionReviewNames()];

    [Fact]
    public void Every_recorded_review_is_covered()
    {
        Assert.Equal(14, Fixtures.AdmissionReviewNames().Count);
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Validate_allows_every_recorded_review_and_echoes_its_uid(string name)
    {
        var review = Fixtures.AdmissionJson(name);
        using var response = await Server.PostAsync("/validate", Fixtures.Admission(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Reviews.Allowed(Reviews.Uid(review)), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public async Task Mutate_answers_every_recorded_review_exactly(string name)
    {
        var review = Fixtures.AdmissionJson(name);
        var uid = Reviews.Uid(review);
        var expected = name == "configmap-create-cache-unlabelled.json"
            ? $$$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"{{{uid}}}","allowed":true,"patchType":"JSONPatch","patch":"{{{Reviews.Base64(CacheLabelPatch)}}}"}}"""
            : Reviews.Allowed(uid);
        using var response = await Server.PostAsync("/mutate", Fixtures.Admission(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_cache_label_patch_keeps_every_other_field_of_the_object()
    {
        var review = Fixtures.AdmissionJson("configmap-create-cache-unlabelled.json");
        var (_, body) = await Server.ReviewAsync("/mutate", review.ToJsonString());
        var original = review["request"]!["object"]!.AsObject();
        var patched = JsonPatchApplier.Apply(original, JsonPatchApplier.Decode((string)body["response"]!["patch"]!));

        Assert.Equal("Cache", (string?)patched["metadata"]!["labels"]!["workflows.argoproj.io/configmap-type"]);
        patched["metadata"]!.AsObject().Remove("labels");
        Assert.True(JsonNode.DeepEquals(original, patched), "only the label was added");
    }

    [Fact]
    public async Task Dry_run_gets_the_same_answer_as_a_real_request()
    {
        var dryRun = Fixtures.AdmissionJson("workflow-create-dryrun.json");
        Assert.True((bool)dryRun["request"]!["dryRun"]!);
        var real = dryRun.DeepClone().AsObject();
        real["request"]!["dryRun"] = false;
        real["request"]!["options"]!.AsObject().Remove("dryRun");

        foreach (var endpoint in new[] { "/validate", "/mutate" })
        {
            var (_, dryAnswer) = await Server.ReviewAsync(endpoint, dryRun.ToJsonString());
            var (_, realAnswer) = await Server.ReviewAsync(endpoint, real.ToJsonString());
            Assert.Equal(realAnswer.ToJsonString(), dryAnswer.ToJsonString());
        }
    }
}
