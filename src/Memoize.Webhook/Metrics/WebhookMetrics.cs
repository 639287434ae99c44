using System.Diagnostics.Metrics;
using Memoize.Webhook.Admission;

namespace Memoize.Webhook.Metrics;

/// <summary>
/// The webhook's own instruments (System.Diagnostics.Metrics, named as Prometheus exposes them). Created from the
/// host's <see cref="IMeterFactory"/>, so two hosts in one process never share counts.
/// </summary>
public sealed class WebhookMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Memoize.Webhook";

    /// <summary>The meters whose instruments <c>/metrics</c> may show: ours and ASP.NET Core's Kestrel and hosting meters.</summary>
    public static readonly IReadOnlyList<string> ExportedMeterNames = [MeterName, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Hosting"];

    // ASP.NET Core's instruments worth exposing (as kestrel_active_connections, kestrel_active_tls_handshakes,
    // kestrel_tls_handshake_duration_seconds and http_server_active_requests); its others are not.
    private static readonly HashSet<string> BuiltInInstruments = new(StringComparer.Ordinal)
    {
        "kestrel.active_connections",
        "kestrel.active_tls_handshakes",
        "kestrel.tls_handshake.duration",
        "http.server.active_requests",
    };

    /// <summary>Buckets of the latency histogram, in seconds: fine-grained under 100 ms, where admission must stay.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _denials;
    private readonly Counter<long> _warnings;
    private readonly Counter<long> _subjectAccessReviewFailures;
    private readonly Counter<long> _configMapReadFailures;
    private readonly Counter<long> _ruleExceptions;

    /// <summary>Creates the instruments; <paramref name="certificateExpiry"/> is read at every scrape.</summary>
    public WebhookMetrics(IMeterFactory meterFactory, Func<DateTimeOffset?> certificateExpiry)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>("memoize_webhook_requests_total", description: "Admission requests answered, by endpoint, kind, operation and verdict.");
        _duration = meter.CreateHistogram(
            "memoize_webhook_request_duration_seconds",
            unit: "s",
            description: "Time to answer an admission request, by endpoint.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _denials = meter.CreateCounter<long>("memoize_webhook_denials_total", description: "Requests denied because an object breaks a memoize rule, by endpoint and kind.");
        _warnings = meter.CreateCounter<long>("memoize_webhook_warnings_total", description: "Warnings returned to clients, by endpoint.");
        _subjectAccessReviewFailures = meter.CreateCounter<long>("memoize_webhook_subjectaccessreview_failures_total", description: "SubjectAccessReviews that failed or timed out; the RBAC hint was skipped.");
        _configMapReadFailures = meter.CreateCounter<long>("memoize_webhook_configmap_read_failures_total", description: "Cache ConfigMap reads that failed or timed out; the cache label warning was skipped.");
        _ruleExceptions = meter.CreateCounter<long>("memoize_webhook_rule_exceptions_total", description: "Exceptions inside the webhook's handlers, answered per failurePolicy, by endpoint.");
        meter.CreateObservableGauge(
            "memoize_webhook_certificate_expiry_timestamp_seconds",
            () => certificateExpiry() is { } notAfter ? [new Measurement<double>(notAfter.ToUnixTimeSeconds())] : Array.Empty<Measurement<double>>(),
            unit: "s",
            description: "When the serving certificate expires, in seconds since the Unix epoch.");

        // Unlabelled counters are shown at 0 before anything happens, as Prometheus clients do.
        _subjectAccessReviewFailures.Add(0);
        _configMapReadFailures.Add(0);
    }

    /// <summary>
    /// Which instruments <c>/metrics</c> shows: every one of our meter and the built-in ones above, and only those
    /// created by <paramref name="meterFactory"/> (the host's), never another host's in the same process.
    /// </summary>
    public static Func<Instrument, bool> IsExported(IMeterFactory meterFactory) =>
        instrument => ReferenceEquals(instrument.Meter.Scope, meterFactory)
            && (instrument.Meter.Name == MeterName || BuiltInInstruments.Contains(instrument.Name));

    /// <summary>Counts and times one answer.</summary>
    public void RecordReview(string endpoint, string kind, string operation, AdmissionVerdict verdict, double seconds, int warningCount)
    {
        var kindLabel = kind.Length == 0 ? "unknown" : kind;
        _requests.Add(
            1,
            new KeyValuePair<string, object?>("endpoint", endpoint),
            new KeyValuePair<string, object?>("kind", kindLabel),
            new KeyValuePair<string, object?>("operation", operation.Length == 0 ? "unknown" : operation),
            new KeyValuePair<string, object?>("verdict", LabelOf(verdict)));
        _duration.Record(seconds, new KeyValuePair<string, object?>("endpoint", endpoint));
        if (verdict == AdmissionVerdict.Denied)
        {
            _denials.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("kind", kindLabel));
        }

        if (warningCount > 0)
        {
            _warnings.Add(warningCount, new KeyValuePair<string, object?>("endpoint", endpoint));
        }
    }

    /// <summary>The verdict as labels and logs name it, e.g. <c>allowed</c>: constant strings, nothing formatted per review.</summary>
    public static string LabelOf(AdmissionVerdict verdict) => verdict switch
    {
        AdmissionVerdict.Allowed => "allowed",
        AdmissionVerdict.Patched => "patched",
        AdmissionVerdict.Denied => "denied",
        AdmissionVerdict.Errored => "errored",
        AdmissionVerdict.Rejected => "rejected",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    /// <summary>Counts a SubjectAccessReview that failed or timed out.</summary>
    public void RecordSubjectAccessReviewFailure() => _subjectAccessReviewFailures.Add(1);

    /// <summary>Counts a ConfigMap read that failed or timed out.</summary>
    public void RecordConfigMapReadFailure() => _configMapReadFailures.Add(1);

    /// <summary>Counts an exception inside a handler.</summary>
    public void RecordInternalError(string endpoint) => _ruleExceptions.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
}
