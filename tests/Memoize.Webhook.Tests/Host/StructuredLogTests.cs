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
}
