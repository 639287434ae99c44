using System.Security.Cryptography.X509Certificates;
using Memoize.Testing.Metrics;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Metrics;
using Memoize.Webhook.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Webhook.Tests.Metrics;

public sealed class WebhookMetricsTests
{
    [Fact]
    public async Task Every_webhook_family_is_served_on_the_health_listener_with_its_name_and_type()
    {
        await using var server = await WebhookServer.StartAsync();
        await server.ReviewAsync("/validate", Fixtures.Admission("workflow-create-kubectl-apply.json"));
        var metrics = server.App.Services.GetRequiredService<WebhookMetrics>();
        metrics.RecordReview("validate", "Workflow", "CREATE", AdmissionVerdict.Denied, 0.003, 2);
        metrics.RecordInternalError("mutate");

        var scrape = await PrometheusScrape.GetAsync(server.Health);

        Assert.Equal(
            [
                "http_server_active_requests gauge",
                "kestrel_active_connections gauge",
                "kestrel_active_tls_handshakes gauge",
                "kestrel_tls_handshake_duration_seconds histogram",
                "memoize_webhook_certificate_expiry_timestamp_seconds gauge",
                "memoize_webhook_configmap_read_failures_total counter",
                "memoize_webhook_denials_total counter",
                "memoize_webhook_request_duration_seconds histogram",
                "memoize_webhook_requests_total counter",
                "memoize_webhook_rule_exceptions_total counter",
                "memoize_webhook_subjectaccessreview_failures_total counter",
                "memoize_webhook_warnings_total counter",
            ],
            scrape.Families);
        Assert.Equal(
            ["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"],
            scrape.Samples.Where(s => s.Name == "kestrel_tls_handshake_duration_seconds_bucket").Select(s => s.Labels["le"]).Distinct());
        Assert.Contains(
            "kestrel_active_connections{network_transport=\"tcp\",network_type=\"ipv4\",server_address=\"127.0.0.1\",server_port=\"" + server.HealthUri.Port + "\"} 1",
            scrape.Series("kestrel_active_connections"));
    }

    [Fact]
    public async Task The_webhook_series_have_their_exact_labels_values_and_buckets()
    {
        await using var server = await WebhookServer.StartAsync();
        var metrics = server.App.Services.GetRequiredService<WebhookMetrics>();

        metrics.RecordReview("validate", "Workflow", "CREATE", AdmissionVerdict.Denied, 0.003, 2);
        metrics.RecordReview("validate", "Workflow", "CREATE", AdmissionVerdict.Denied, 0.2, 0);
        metrics.RecordReview("mutate", "ConfigMap", "UPDATE", AdmissionVerdict.Patched, 2.5, 0);
        metrics.RecordSubjectAccessReviewFailure();

        var notAfter = new DateTimeOffset(X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(server.Volume.CertPath)).NotAfter).ToUnixTimeSeconds();
        Assert.Equal(
            [
                $"memoize_webhook_certificate_expiry_timestamp_seconds {notAfter}",
                "memoize_webhook_configmap_read_failures_total 0",
                "memoize_webhook_denials_total{endpoint=\"validate\",kind=\"Workflow\"} 2",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"+Inf\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.001\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.0025\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.005\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.01\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.025\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.05\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.1\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.25\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"0.5\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"mutate\",le=\"1\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"+Inf\"} 2",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.001\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.0025\"} 0",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.005\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.01\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.025\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.05\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.1\"} 1",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.25\"} 2",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"0.5\"} 2",
                "memoize_webhook_request_duration_seconds_bucket{endpoint=\"validate\",le=\"1\"} 2",
                "memoize_webhook_request_duration_seconds_count{endpoint=\"mutate\"} 1",
                "memoize_webhook_request_duration_seconds_count{endpoint=\"validate\"} 2",
                "memoize_webhook_request_duration_seconds_sum{endpoint=\"mutate\"} 2.5",
                "memoize_webhook_request_duration_seconds_sum{endpoint=\"validate\"} 0.203",
                "memoize_webhook_requests_total{endpoint=\"mutate\",kind=\"ConfigMap\",operation=\"UPDATE\",verdict=\"patched\"} 1",
                "memoize_webhook_requests_total{endpoint=\"validate\",kind=\"Workflow\",operation=\"CREATE\",verdict=\"denied\"} 2",
                "memoize_webhook_subjectaccessreview_failures_total 1",
                "memoize_webhook_warnings_total{endpoint=\"validate\"} 2",
            ],
            (await PrometheusScrape.GetAsync(server.Health)).Lines("memoize_webhook_"));
    }

    [Fact]
    public async Task The_webhook_meters_of_another_host_are_not_exported()
    {
        await using var ours = await WebhookServer.StartAsync();
        await using var theirs = await WebhookServer.StartAsync();
        theirs.App.Services.GetRequiredService<WebhookMetrics>().RecordSubjectAccessReviewFailure();
        theirs.App.Services.GetRequiredService<WebhookMetrics>().RecordInternalError("validate");

        var scrape = await PrometheusScrape.GetAsync(ours.Health);

        Assert.Equal("0", scrape.Value("memoize_webhook_subjectaccessreview_failures_total"));
        Assert.DoesNotContain("memoize_webhook_rule_exceptions_total", scrape.Types.Keys);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_the_admission_listener()
    {
        await using var server = await WebhookServer.StartAsync();

        using var response = await server.Admission.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
