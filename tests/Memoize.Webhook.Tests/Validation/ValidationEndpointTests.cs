using System.Net;
using System.Text.Json.Nodes;
using Memoize.Core.Rules;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Validation;

/// <summary>/validate with the core rules: denials list every problem with its path, warnings are short, status writes skip the rules.</summary>
public sealed class ValidationEndpointTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private WebhookServer Server => fixture.Server;

    private static string BadWorkflow(string fixtureName = "workflow-create-kubectl-apply.json") => Reviews.Edited(fixtureName, request =>
    {
        var memoize = Reviews.Memoize(request);
        memoize["key"] = "my.key";
        memoize["maxAge"] = "1d";
        memoize["cache"]!["configMap"]!["name"] = "Bad_Name";
    });

    [Fact]
    public async Task A_workflow_with_several_problems_is_denied_with_every_path_and_explanation_in_one_message()
    {
        // Findings come in the order the fields are written (kubectl sorts them: cache, key, maxAge).
        var (status, body) = await Server.ReviewAsync("/validate", BadWorkflow());

        Assert.Equal(HttpStatusCode.OK, status);
        var response = body["response"]!;
        Assert.Equal("6972e304-7eb0-42b8-8c08-56e2b396e822", (string?)response["uid"]);
        Assert.False((bool)response["allowed"]!);
        Assert.Equal(403, (int)response["status"]!["code"]!);
        Assert.Null(response["status"]!["reason"]);
        Assert.Null(response["status"]!["details"]);
        Assert.Equal(
            """
            Workflow argo/memo-apply has 3 memoize problems:
            - spec.templates[0].memoize.cache.configMap.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters, e.g. "bad-name"
            - spec.templates[0].memoize.key: Invalid value: "my.key": invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$), e.g. "my-key"
            - spec.templates[0].memoize.maxAge: Invalid value: "1d": time: unknown unit "d" in duration "1d"; use h, m, s, ms, us or ns, e.g. "24h"
            """.ReplaceLineEndings("\n"),
            (string?)response["status"]!["message"]);
    }

    [Fact]
    public async Task Warnings_are_short_and_prefixed_with_the_template_name()
    {
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request => Reviews.Memoize(request).Remove("maxAge"));
        var (_, body) = await Server.ReviewAsync("/validate", review);

        Assert.Equal(
            """{"uid":"6972e304-7eb0-42b8-8c08-56e2b396e822","allowed":true,"warnings":["main: memoize.maxAge: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\""]}""",
            body["response"]!.ToJsonString(Memoize.Webhook.Admission.AdmissionJson.Options));
    }

    [Fact]
    public async Task An_update_whose_spec_is_unchanged_is_allowed_without_running_the_rules()
    {
        // Both sides carry the same broken spec: Argo's controller rewriting status must never be blocked by it.
        var review = Reviews.Edited("workflow-update-label.json", request =>
        {
            foreach (var side in new[] { "object", "oldObject" })
            {
                var memoize = request[side]!["spec"]!["templates"]![0]!["memoize"]!.AsObject();
                memoize["key"] = "my.key";
            }

            request["object"]!.AsObject()["status"] = new JsonObject { ["phase"] = "Running" };
        });
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.Equal(Reviews.Allowed("1724a4c3-e5e4-4792-ae23-7e93c5ad1191"), body.ToJsonString());
    }

    [Fact]
    public async Task An_update_whose_spec_is_the_same_json_with_fields_in_another_order_is_allowed_without_running_the_rules()
    {
        // The spec is compared as bytes first; bytes that differ only in key order are still the same spec.
        var review = Reviews.Edited("workflow-update-label.json", request =>
        {
            foreach (var side in new[] { "object", "oldObject" })
            {
                request[side]!["spec"]!["templates"]![0]!["memoize"]!.AsObject()["key"] = "my.key";
            }

            var oldMemoize = request["oldObject"]!["spec"]!["templates"]![0]!["memoize"]!.AsObject();
            oldMemoize.Remove("cache", out var cache);
            oldMemoize["cache"] = cache;
        });
        var sent = JsonNode.Parse(review)!["request"]!;
        Assert.NotEqual(sent["object"]!["spec"]!.ToJsonString(), sent["oldObject"]!["spec"]!.ToJsonString());
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.Equal(Reviews.Allowed("1724a4c3-e5e4-4792-ae23-7e93c5ad1191"), body.ToJsonString());
    }

    [Fact]
    public async Task An_update_that_changes_the_spec_runs_the_rules()
    {
        var review = Reviews.Edited("workflow-update-label.json", request => Reviews.Memoize(request)["key"] = "my.key");
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.False((bool)body["response"]!["allowed"]!);
        Assert.StartsWith("Workflow argo/memo-apply has 1 memoize problem:\n- spec.templates[0].memoize.key: Invalid value: \"my.key\"", (string?)body["response"]!["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dry_run_of_a_broken_workflow_is_denied_the_same_way()
    {
        var dry = Reviews.Edited("workflow-create-dryrun.json", request => Reviews.Memoize(request)["key"] = "my.key");
        var real = Reviews.Edited("workflow-create-dryrun.json", request =>
        {
            Reviews.Memoize(request)["key"] = "my.key";
            request["dryRun"] = false;
        });
        var (_, dryAnswer) = await Server.ReviewAsync("/validate", dry);
        var (_, realAnswer) = await Server.ReviewAsync("/validate", real);
        Assert.False((bool)dryAnswer["response"]!["allowed"]!);
        Assert.Equal(realAnswer.ToJsonString(), dryAnswer.ToJsonString());
    }

    [Fact]
    public async Task A_cluster_scoped_template_is_named_without_a_namespace()
    {
        var review = Reviews.Edited("clusterworkflowtemplate-create.json", request => Reviews.Memoize(request)["maxAge"] = "10");
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.Equal(
            "ClusterWorkflowTemplate memo-cluster-template has 1 memoize problem:\n- spec.templates[0].memoize.maxAge: Invalid value: \"10\": time: missing unit in duration \"10\"; use h, m, s, ms, us or ns, e.g. \"24h\"",
            (string?)body["response"]!["status"]!["message"]);
    }

    [Fact]
    public async Task A_cron_workflow_is_checked_under_workflowSpec()
    {
        var review = Reviews.Edited("cronworkflow-create.json", request => request["object"]!["spec"]!["workflowSpec"]!["templates"]![0]!["memoize"]!["key"] = "nightly_run");
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.StartsWith(
            "CronWorkflow argo/memo-cron has 1 memoize problem:\n- spec.workflowSpec.templates[0].memoize.key: Invalid value: \"nightly_run\"",
            (string?)body["response"]!["status"]!["message"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_validating_request_of_a_generateName_workflow_shows_the_generated_name()
    {
        var review = Reviews.Edited("workflow-create-generatename.validating.json", request => Reviews.Memoize(request)["key"] = "cache key");
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.StartsWith("Workflow argo/memoized-66mxx has 1 memoize problem:", (string?)body["response"]!["status"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_is_allowed_even_for_a_broken_object()
    {
        var review = Reviews.Edited("workflow-delete.json", request => request["oldObject"]!["spec"]!["templates"]![0]!["memoize"]!["key"] = "my.key");
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.Equal(Reviews.Allowed("aa8a08d6-bcb5-4b68-aaee-c8f2bd29fa12"), body.ToJsonString());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("scale")]
    public async Task Sub_resources_are_allowed(string subResource)
    {
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request =>
        {
            request["subResource"] = subResource;
            Reviews.Memoize(request)["key"] = "my.key";
        });
        var (_, body) = await Server.ReviewAsync("/validate", review);
        Assert.Equal(Reviews.Allowed("6972e304-7eb0-42b8-8c08-56e2b396e822"), body.ToJsonString());
    }
}
