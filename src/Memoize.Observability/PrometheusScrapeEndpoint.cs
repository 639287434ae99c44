using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Memoize.Observability;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format, written by OpenTelemetry's Prometheus exporter from
/// System.Diagnostics.Metrics instruments. Set up so that the exposition keeps the names, types, labels and buckets
/// the dashboards know: no scope labels or <c>target_info</c>, no response cache, explicit buckets on every
/// histogram, and only the instruments the caller selects.
/// </summary>
public static class PrometheusScrapeEndpoint
{
    /// <summary>Where the exposition is served.</summary>
    public const string Path = "/metrics";

    /// <summary>Buckets (seconds) of a histogram that advises none: the Prometheus clients' defaults.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    /// <summary>
    /// Exports the instruments of the meters named <paramref name="meterNames"/> that the predicate made by
    /// <paramref name="selectExported"/> (from the host's services) accepts; every other instrument is dropped.
    /// </summary>
    public static IServiceCollection AddPrometheusScrapeEndpoint(
        this IServiceCollection services,
        IReadOnlyCollection<string> meterNames,
        Func<IServiceProvider, Func<Instrument, bool>> selectExported)
    {
        ArgumentNullException.ThrowIfNull(meterNames);
        ArgumentNullException.ThrowIfNull(selectExported);
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            // Meters are subscribed to by name across the whole process; the predicate keeps this host's own
            // (another host's meter of the same name, e.g. in tests, must not add to our counts).
            var exported = selectExported(provider);
            metrics.AddView(instrument => StreamFor(instrument, exported));
        });
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. meterNames])
            .AddPrometheusExporter(exporter =>
            {
                exporter.ScrapeEndpointPath = Path;
                exporter.ScrapeResponseCacheDurationMilliseconds = 0; // every scrape reads the instruments afresh
                exporter.ScopeInfoEnabled = false; // no otel_scope_* labels on every series
                exporter.TargetInfoEnabled = false; // no target_info family
            }));
        return services;
    }

    /// <summary>Maps <see cref="Path"/> to the exporter added by <see cref="AddPrometheusScrapeEndpoint"/>.</summary>
    public static IEndpointConventionBuilder MapPrometheusScrapeEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path);

    // Dropped unless selected; a histogram gets its advised buckets (else the defaults) as explicit buckets, so that
    // the exporter never falls back to OpenTelemetry's millisecond-sized default buckets.
    internal static MetricStreamConfiguration? StreamFor(Instrument instrument, Func<Instrument, bool> exported) =>
        !exported(instrument) ? MetricStreamConfiguration.Drop
        : instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>)
            ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. AdvisedBuckets(instrument) ?? DefaultBuckets] }
            : null;

    private static IReadOnlyList<double>? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        _ => null,
    };
}
