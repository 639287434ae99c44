using Memoize.Webhook.Admission;
using Memoize.Webhook.Admission.Decorators;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Host;

public sealed class StructuredLogTests
{
    [Fact]
    public async Task Each_review_is_logged_with_uid_kind_name_operation_and_verdict_but_never_the_object()
    {
        await using var server = await WebhookServer.StartAsync();
        var review = Reviews.Edited("workflow-create-kubectl-apply.json", request => Reviews.Memoize(request)["key"] = "secret.value");
        await server.ReviewAsync("/validate", review);

        var line = Assert.Single(server.Logs.Lines, l => l.Category == "Memoize.Webhook.Admission" && l.Level == LogLevel.Information && l.Fields.ContainsKey("Verdict"));
        Assert.Equal("/validate answered denied for Workflow argo/memo-apply (CREATE) with 0 warnings", line.Message);
        Assert.Equal("denied", line.Fields["Verdict"]);
        Assert.Equal("6972e304-7eb0-42b8-8c08-56e2b396e822", line.ScopeFields["uid"]);
        Assert.Equal("Workflow", line.ScopeFields["kind"]);
        Assert.Equal("argo", line.ScopeFields["namespace"]);
        Assert.Equal("memo-apply", line.ScopeFields["name"]);
        Assert.Equal("CREATE", line.ScopeFields["operation"]);
        Assert.Equal(false, line.ScopeFields["dryRun"]);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Message.Contains("busybox", StringComparison.Ordinal) || l.Message.Contains("secret.value", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plain_allow_writes_no_Information_line()
    {
        await using var server = await WebhookServer.StartAsync();
        var (_, body) = await server.ReviewAsync("/validate", Fixtures.AdmissionJson("workflow-create-kubectl-apply.json").ToJsonString());

        Assert.Equal(true, (bool?)body["response"]!["allowed"]);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Category == "Memoize.Webhook.Admission" && l.Fields.ContainsKey("Verdict"));
    }

    [Fact]
    public async Task A_plain_allow_is_logged_at_Debug_with_its_uid_when_Debug_is_on()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var handler = new LoggedAdmissionHandler(new FixedAnswer(AdmissionResponse.Allowed()), "validate", factory.CreateLogger("Memoize.Webhook.Admission"));
        var request = AdmissionRequest.Parse(Fixtures.AdmissionJson("workflow-create-kubectl-apply.json")["request"]!.AsObject());

        await handler.HandleAsync(request, CancellationToken.None);

        var line = Assert.Single(logs.Lines, l => l.Fields.ContainsKey("Verdict"));
        Assert.Equal(LogLevel.Debug, line.Level);
        Assert.Equal("/validate answered allowed for Workflow argo/memo-apply (CREATE) with 0 warnings", line.Message);
        Assert.Equal("6972e304-7eb0-42b8-8c08-56e2b396e822", line.ScopeFields["uid"]);
    }

    [Theory]
    [InlineData("allowed", 0, LogLevel.Debug)]
    [InlineData("allowed", 1, LogLevel.Information)]
    [InlineData("patched", 0, LogLevel.Information)]
    [InlineData("denied", 0, LogLevel.Information)]
    [InlineData("errored", 0, LogLevel.Information)]
    public void Only_a_plain_allow_is_logged_below_Information(string verdict, int warnings, LogLevel expected)
    {
        IReadOnlyList<string> warningTexts = warnings == 0 ? [] : ["a warning"];
        var response = verdict switch
        {
            "allowed" => AdmissionResponse.Allowed(warningTexts),
            "patched" => AdmissionResponse.Patched([JsonPatchOperation.Remove("/metadata/labels/x")]),
            "denied" => AdmissionResponse.Denied("no"),
            _ => AdmissionResponse.Errored("boom"),
        };

        Assert.Equal(expected, LoggedAdmissionHandler.LevelOf(response));
    }

    private sealed class FixedAnswer(AdmissionResponse response) : IAdmissionHandler
    {
        public Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken) => Task.FromResult(response);
    }
}
