using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Observability.Tests;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Label_values_and_help_are_escaped()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory, "Memoize.Test");
        var meter = factory.Create("Memoize.Test");
        meter.CreateCounter<long>("memoize_test_total", description: "a \\ back\nslash").Add(3, new KeyValuePair<string, object?>("kind", "a\"b\\c\nd"));

        Assert.Equal(
            "# HELP memoize_test_total a \\\\ back\\nslash\n# TYPE memoize_test_total counter\nmemoize_test_total{kind=\"a\\\"b\\\\c\\nd\"} 3\n",
            exporter.Scrape());
    }

    [Fact]
    public void Meters_of_another_host_are_not_exported()
    {
        using var ours = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var exporter = new PrometheusExporter(ours.GetRequiredService<IMeterFactory>(), "Memoize.Test");
        theirs.GetRequiredService<IMeterFactory>().Create("Memoize.Test").CreateCounter<long>("memoize_test_total").Add(1);

        Assert.Equal("", exporter.Scrape());
    }

    [Fact]
    public void Other_meters_of_the_same_host_are_not_exported()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var exporter = new PrometheusExporter(factory, "Memoize.Test");
        factory.Create("Memoize.Other").CreateCounter<long>("memoize_other_total").Add(1);

        Assert.Equal("", exporter.Scrape());
    }

    [Fact]
    public void A_meter_exporter_exports_only_its_own_meter_even_beside_one_of_the_same_name()
    {
        using var ours = new Meter("Memoize.Test");
        using var theirs = new Meter("Memoize.Test");
        using var exporter = new PrometheusExporter(ours);
        ours.CreateCounter<long>("memoize_ours_total", description: "Ours.").Add(2);
        theirs.CreateCounter<long>("memoize_theirs_total", description: "Theirs.").Add(5);

        Assert.Equal("# HELP memoize_ours_total Ours.\n# TYPE memoize_ours_total counter\nmemoize_ours_total 2\n", exporter.Scrape());
    }

    [Fact]
    public void Instruments_created_before_the_exporter_are_exported_from_then_on()
    {
        using var meter = new Meter("Memoize.Test");
        var counter = meter.CreateCounter<long>("memoize_early_total", description: "Early.");
        counter.Add(4); // before anyone listens: not seen
        using var exporter = new PrometheusExporter(meter);
        counter.Add(1);

        Assert.Equal("# HELP memoize_early_total Early.\n# TYPE memoize_early_total counter\nmemoize_early_total 1\n", exporter.Scrape());
    }

    [Fact]
    public void Families_are_sorted_by_name_series_by_labels_and_labels_by_name()
    {
        using var meter = new Meter("Memoize.Test");
        using var exporter = new PrometheusExporter(meter);
        var b = meter.CreateCounter<long>("memoize_b_total", description: "B.");
        var a = meter.CreateUpDownCounter<long>("memoize_a", description: "A.");
        b.Add(1, new KeyValuePair<string, object?>("z", "1"), new KeyValuePair<string, object?>("y", "2"));
        b.Add(1, new KeyValuePair<string, object?>("y", "1"), new KeyValuePair<string, object?>("z", "2"));
        b.Add(2, new KeyValuePair<string, object?>("z", "1"), new KeyValuePair<string, object?>("y", "2"));
        a.Add(5);
        a.Add(-2);

        Assert.Equal(
            """
            # HELP memoize_a A.
            # TYPE memoize_a gauge
            memoize_a 3
            # HELP memoize_b_total B.
            # TYPE memoize_b_total counter
            memoize_b_total{y="1",z="2"} 1
            memoize_b_total{y="2",z="1"} 3

            """.ReplaceLineEndings("\n"),
            exporter.Scrape());
    }

    [Fact]
    public void Observable_instruments_are_read_at_every_scrape_and_a_series_they_stop_reporting_disappears()
    {
        using var meter = new Meter("Memoize.Test");
        using var exporter = new PrometheusExporter(meter);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 10, ["b"] = 20 };
        long total = 7;
        meter.CreateObservableGauge(
            "memoize_size_bytes",
            () => sizes.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("name", p.Key))),
            description: "Sizes.");
        meter.CreateObservableCounter("memoize_seen_total", () => total, description: "Seen.");

        Assert.Equal(
            """
            # HELP memoize_seen_total Seen.
            # TYPE memoize_seen_total counter
            memoize_seen_total 7
            # HELP memoize_size_bytes Sizes.
            # TYPE memoize_size_bytes gauge
            memoize_size_bytes{name="a"} 10
            memoize_size_bytes{name="b"} 20

            """.ReplaceLineEndings("\n"),
            exporter.Scrape());

        sizes.Remove("a");
        sizes["b"] = 25;
        total = 9;

        Assert.Equal(
            """
            # HELP memoize_seen_total Seen.
            # TYPE memoize_seen_total counter
            memoize_seen_total 9
            # HELP memoize_size_bytes Sizes.
            # TYPE memoize_size_bytes gauge
            memoize_size_bytes{name="b"} 25

            """.ReplaceLineEndings("\n"),
            exporter.Scrape());
    }

    [Fact]
    public void A_histogram_uses_its_advised_buckets_and_counts_values_above_them_in_Inf()
    {
        using var meter = new Meter("Memoize.Test");
        using var exporter = new PrometheusExporter(meter);
        var histogram = meter.CreateHistogram(
            "memoize_wait_seconds",
            unit: "s",
            description: "Waits.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] });
        histogram.Record(0.5);
        histogram.Record(3);

        Assert.Equal(
            """
            # HELP memoize_wait_seconds Waits.
            # TYPE memoize_wait_seconds histogram
            memoize_wait_seconds_bucket{le="0.5"} 1
            memoize_wait_seconds_bucket{le="1"} 1
            memoize_wait_seconds_bucket{le="+Inf"} 2
            memoize_wait_seconds_sum 3.5
            memoize_wait_seconds_count 2

            """.ReplaceLineEndings("\n"),
            exporter.Scrape());
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1798859045d, "1798859045")]
    public void Values_are_written_as_Prometheus_parses_them(double value, string text)
    {
        Assert.Equal(text, PrometheusExporter.FormatValue(value));
    }
}
