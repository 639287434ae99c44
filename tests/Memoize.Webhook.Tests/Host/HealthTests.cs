using System.Net;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Host;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Host;

public sealed class HealthTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Healthz_and_readyz_say_ok_on_the_plain_listener()
    {
        Assert.Equal("ok\n", await fixture.Server.Health.GetStringAsync("/healthz"));
        Assert.Equal("ok\n", await fixture.Server.Health.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Metrics_are_Prometheus_text_with_the_webhook_families()
    {
        await fixture.Server.ReviewAsync("/validate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        using var response = await fixture.Server.Health.GetAsync("/metrics");
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE memoize_webhook_requests_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("memoize_webhook_requests_total{endpoint=\"validate\",kind=\"Workflow\",operation=\"CREATE\",verdict=\"allowed\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE memoize_webhook_request_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.1\"}", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE memoize_webhook_certificate_expiry_timestamp_seconds gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kestrel_active_connections gauge\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_waits_for_the_cache_index_to_sync()
    {
        var index = new CacheConfigMapIndex(new WebhookOptions().CacheNamespacePolicy);
        await using var server = await WebhookServer.StartWithAsync(new WebhookOptions(), new WebhookDependencies(new FakeAccessReviewer(), new FakeConfigMapReader(), index));

        using var notReady = await server.Health.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("the cache ConfigMap index has not synced yet\n", await notReady.Content.ReadAsStringAsync());
        Assert.Equal("ok\n", await server.Health.GetStringAsync("/healthz"));

        index.Replace([]);
        Assert.Equal("ok\n", await server.Health.GetStringAsync("/readyz"));
    }
}
