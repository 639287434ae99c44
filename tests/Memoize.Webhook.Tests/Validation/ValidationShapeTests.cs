using System.Net;
using System.Text.Json.Nodes;
using Memoize.Core.Rules;
using Memoize.Webhook.Tests.Support;
using Memoize.Testing.Metrics;

namespace Memoize.Webhook.Tests.Validation;

/// <summary>/validate with stand-in rules: the denial and warning shapes, and an exception inside a rule.</summary>
public sealed class ValidationShapeTests
{
    [Fact]
    public async Task An_exception_inside_a_rule_becomes_a_500_denial_that_says_an_internal_error_happened()
    {
        await using var server = await WebhookServer.StartWithAsync(new(), new(null, null, null) { Rules = _ => throw new InvalidOperationException("boom at line 42") });
        using var response = await server.PostAsync("/validate", Fixtures.Admission("workflow-create-kubectl-apply.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"6972e304-7eb0-42b8-8c08-56e2b396e822","allowed":false,"status":{"status":"Failure","message":"internal error: the memoize webhook failed while checking Workflow argo/memo-apply, so the request is denied (the webhook fails closed); this is a bug in the webhook, and its log has the details under uid 6972e304-7eb0-42b8-8c08-56e2b396e822","reason":"InternalError","code":500}}}""",
            await response.Content.ReadAsStringAsync());
        var metrics = await PrometheusScrape.GetAsync(server.Health);
        Assert.Equal("1", metrics.Value("memoize_webhook_rule_exceptions_total", ("endpoint", "validate")));
        Assert.Equal("1", metrics.Value("memoize_webhook_requests_total", ("endpoint", "validate"), ("kind", "Workflow"), ("operation", "CREATE"), ("verdict", "errored")));
        Assert.Contains(server.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Error && l.Message.Contains("Internal error in /validate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generateName_object_without_a_name_is_named_by_its_prefix()
    {
        await using var server = await WebhookServer.StartWithAsync(new(), new(null, null, null)
        {
            Rules = _ => [new Finding("spec.templates[0].memoize.key", Severity.Error, "spec.templates[0].memoize.key: Required value: a memoize block needs a cache key", "world-to-file")],
        });
        var (_, body) = await server.ReviewAsync("/validate", Fixtures.Admission("workflow-create-generatename.mutating.json"));
        Assert.Equal(
            "Workflow argo/memoized- has 1 memoize problem:\n- spec.templates[0].memoize.key: Required value: a memoize block needs a cache key",
            (string?)body["response"]!["status"]!["message"]);
    }

    [Fact]
    public async Task Warnings_come_with_a_denial_and_templateDefaults_is_named_as_such()
    {
        await using var server = await WebhookServer.StartWithAsync(new(), new(null, null, null)
        {
            Rules = _ =>
            [
                new Finding("spec.templateDefaults.memoize.maxAge", Severity.Warning, "spec.templateDefaults.memoize.maxAge: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss", null),
                new Finding("spec.templates[0].memoize.key", Severity.Error, "spec.templates[0].memoize.key: Required value: a memoize block needs a cache key", "main"),
            ],
        });
        var (_, body) = await server.ReviewAsync("/validate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        Assert.Equal(
            """{"uid":"6972e304-7eb0-42b8-8c08-56e2b396e822","allowed":false,"status":{"status":"Failure","message":"Workflow argo/memo-apply has 1 memoize problem:\n- spec.templates[0].memoize.key: Required value: a memoize block needs a cache key","code":403},"warnings":["templateDefaults: memoize.maxAge: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss"]}""",
            body["response"]!.ToJsonString(Memoize.Webhook.Admission.AdmissionJson.Options));
    }
}
