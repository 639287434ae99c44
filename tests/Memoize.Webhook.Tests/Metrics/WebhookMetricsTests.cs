using System.Diagnostics.Metrics;
using Memoize.Webhook.Admission;
using Memoize.Observability;
using Memoize.Webhook.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Webhook.Tests.Metrics;

public sealed class WebhookMetricsTests
{
    [Fact]
    public void The_webhook_exposition_is_Prometheus_text_0_0_4_exactly()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory, WebhookMetrics.MeterName);
        var metrics = new WebhookMetrics(factory, () => new DateTimeOffset(2027, 1, 2, 3, 4, 5, TimeSpan.Zero));

        metrics.RecordReview("validate", "Workflow", "CREATE", AdmissionVerdict.Denied, 0.003, 2);
        metrics.RecordReview("validate", "Workflow", "CREATE", AdmissionVerdict.Denied, 0.2, 0);
        metrics.RecordReview("mutate", "ConfigMap", "UPDATE", AdmissionVerdict.Patched, 2.5, 0);
        metrics.RecordSubjectAccessReviewFailure();

        Assert.Equal(
            """
            # HELP memoize_webhook_certificate_expiry_timestamp_seconds When the serving certificate expires, in seconds since the Unix epoch.
            # TYPE memoize_webhook_certificate_expiry_timestamp_seconds gauge
            memoize_webhook_certificate_expiry_timestamp_seconds 1798859045
            # HELP memoize_webhook_configmap_read_failures_total Cache ConfigMap reads that failed or timed out; the cache label warning was skipped.
            # TYPE memoize_webhook_configmap_read_failures_total counter
            memoize_webhook_configmap_read_failures_total 0
            # HELP memoize_webhook_denials_total Requests denied because an object breaks a memoize rule, by endpoint and kind.
            # TYPE memoize_webhook_denials_total counter
            memoize_webhook_denials_total{endpoint="validate",kind="Workflow"} 2
            # HELP memoize_webhook_request_duration_seconds Time to answer an admission request, by endpoint.
            # TYPE memoize_webhook_request_duration_seconds histogram
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.001"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.0025"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.005"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.01"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.025"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.05"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.1"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.25"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="0.5"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="1"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="mutate",le="+Inf"} 1
            memoize_webhook_request_duration_seconds_sum{endpoint="mutate"} 2.5
            memoize_webhook_request_duration_seconds_count{endpoint="mutate"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.001"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.0025"} 0
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.005"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.01"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.025"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.05"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.1"} 1
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.25"} 2
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="0.5"} 2
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="1"} 2
            memoize_webhook_request_duration_seconds_bucket{endpoint="validate",le="+Inf"} 2
            memoize_webhook_request_duration_seconds_sum{endpoint="validate"} 0.203
            memoize_webhook_request_duration_seconds_count{endpoint="validate"} 2
            # HELP memoize_webhook_requests_total Admission requests answered, by endpoint, kind, operation and verdict.
            # TYPE memoize_webhook_requests_total counter
            memoize_webhook_requests_total{endpoint="mutate",kind="ConfigMap",operation="UPDATE",verdict="patched"} 1
            memoize_webhook_requests_total{endpoint="validate",kind="Workflow",operation="CREATE",verdict="denied"} 2
            # HELP memoize_webhook_rule_exceptions_total Exceptions inside the webhook's handlers, answered per failurePolicy, by endpoint.
            # TYPE memoize_webhook_rule_exceptions_total counter
            # HELP memoize_webhook_subjectaccessreview_failures_total SubjectAccessReviews that failed or timed out; the RBAC hint was skipped.
            # TYPE memoize_webhook_subjectaccessreview_failures_total counter
            memoize_webhook_subjectaccessreview_failures_total 1
            # HELP memoize_webhook_warnings_total Warnings returned to clients, by endpoint.
            # TYPE memoize_webhook_warnings_total counter
            memoize_webhook_warnings_total{endpoint="validate"} 2

            """.ReplaceLineEndings("\n"),
            exporter.Scrape());
    }

    [Fact]
    public void The_webhook_meters_of_another_host_are_not_exported()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var exporter = new PrometheusExporter(ours.GetRequiredService<IMeterFactory>(), WebhookMetrics.MeterName);
        var other = new WebhookMetrics(theirs.GetRequiredService<IMeterFactory>(), () => null);
        other.RecordSubjectAccessReviewFailure();
        Assert.Equal("", exporter.Scrape());
    }
}
