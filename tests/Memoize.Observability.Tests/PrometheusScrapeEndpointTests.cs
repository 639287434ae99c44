using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Memoize.Observability.Tests;

public sealed class PrometheusScrapeEndpointTests
{
    private const string MeterName = "Memoize.Test";

    [Fact]
    public async Task A_counter_keeps_its_total_name_and_type_and_label_values_and_help_are_escaped()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        meter.CreateCounter<long>("memoize_test_total", description: "a \\ back\nslash").Add(3, new KeyValuePair<string, object?>("kind", "a\"b\\c\nd"));

        var scrape = await host.ScrapeAsync();

        Assert.Equal(["memoize_test_total counter"], scrape.Families);
        Assert.Equal("a \\ back\nslash", scrape.Help["memoize_test_total"]);
        Assert.Equal(["memoize_test_total{kind=\"a\\\"b\\\\c\\nd\"} 3"], scrape.Series("memoize_test_total"));
    }

    [Fact]
    public async Task The_exposition_is_Prometheus_text_0_0_4()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        meter.CreateCounter<long>("memoize_test_total").Add(1);

        using var response = await host.Http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Meters_of_another_host_are_not_exported()
    {
        using var theirs = new ServiceCollection().AddMetrics().BuildServiceProvider();
        await using var host = await ScrapedHost.StartAsync([MeterName], sp => i => ReferenceEquals(i.Meter.Scope, sp.GetRequiredService<IMeterFactory>()));
        theirs.GetRequiredService<IMeterFactory>().Create(MeterName).CreateCounter<long>("memoize_theirs_total").Add(1);
        host.MeterFactory.Create(MeterName).CreateCounter<long>("memoize_ours_total").Add(2);

        Assert.Equal(["memoize_ours_total counter"], (await host.ScrapeAsync()).Families);
    }

    [Fact]
    public async Task Other_meters_of_the_same_host_are_not_exported()
    {
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => _ => true);
        host.MeterFactory.Create("Memoize.Other").CreateCounter<long>("memoize_other_total").Add(1);
        host.MeterFactory.Create(MeterName).CreateCounter<long>("memoize_ours_total").Add(2);

        Assert.Equal(["memoize_ours_total 2"], (await host.ScrapeAsync()).Samples.Select(s => s.ToString()));
    }

    [Fact]
    public async Task A_meter_exports_only_its_own_instruments_even_beside_a_meter_of_the_same_name()
    {
        using var ours = new Meter(MeterName);
        using var theirs = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, ours));
        ours.CreateCounter<long>("memoize_ours_total", description: "Ours.").Add(2);
        theirs.CreateCounter<long>("memoize_theirs_total", description: "Theirs.").Add(5);

        var scrape = await host.ScrapeAsync();

        Assert.Equal(["memoize_ours_total counter"], scrape.Families);
        Assert.Equal(["memoize_ours_total 2"], scrape.Series("memoize_ours_total"));
    }

    [Fact]
    public async Task Series_are_kept_apart_by_their_labels_in_any_recording_order_and_an_up_down_counter_is_a_gauge()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        var b = meter.CreateCounter<long>("memoize_b_total", description: "B.");
        var a = meter.CreateUpDownCounter<long>("memoize_a", description: "A.");
        b.Add(1, new KeyValuePair<string, object?>("z", "1"), new KeyValuePair<string, object?>("y", "2"));
        b.Add(1, new KeyValuePair<string, object?>("y", "1"), new KeyValuePair<string, object?>("z", "2"));
        b.Add(2, new KeyValuePair<string, object?>("y", "2"), new KeyValuePair<string, object?>("z", "1"));
        a.Add(5);
        a.Add(-2);

        var scrape = await host.ScrapeAsync();

        Assert.Equal(["memoize_a gauge", "memoize_b_total counter"], scrape.Families);
        Assert.Equal(["memoize_a 3", "memoize_b_total{y=\"1\",z=\"2\"} 1", "memoize_b_total{y=\"2\",z=\"1\"} 3"], scrape.Lines("memoize_"));
    }

    [Fact]
    public async Task Observable_instruments_are_read_at_every_scrape()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal) { ["a"] = 10, ["b"] = 20 };
        long total = 7;
        meter.CreateObservableGauge(
            "memoize_size_bytes",
            () => sizes.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("name", p.Key))),
            description: "Sizes.");
        meter.CreateObservableCounter("memoize_seen_total", () => total, description: "Seen.");

        var first = await host.ScrapeAsync();
        Assert.Equal(["memoize_seen_total counter", "memoize_size_bytes gauge"], first.Families);
        Assert.Equal(["memoize_seen_total 7", "memoize_size_bytes{name=\"a\"} 10", "memoize_size_bytes{name=\"b\"} 20"], first.Lines("memoize_"));

        sizes.Remove("a");
        sizes["b"] = 25;
        total = 9;

        Assert.Equal(["memoize_seen_total 9", "memoize_size_bytes{name=\"b\"} 25"], (await host.ScrapeAsync()).Lines("memoize_"));
    }

    [Fact]
    public async Task A_histogram_uses_its_advised_buckets_and_counts_values_above_them_in_Inf()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        var histogram = meter.CreateHistogram(
            "memoize_wait_seconds",
            unit: "s",
            description: "Waits.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] });
        histogram.Record(0.5);
        histogram.Record(3);

        var scrape = await host.ScrapeAsync();

        Assert.Equal(["memoize_wait_seconds histogram"], scrape.Families);
        Assert.Equal(
            ["memoize_wait_seconds_bucket{le=\"0.5\"} 1", "memoize_wait_seconds_bucket{le=\"1\"} 1", "memoize_wait_seconds_bucket{le=\"+Inf\"} 2"],
            scrape.Series("memoize_wait_seconds_bucket"));
        Assert.Equal(["memoize_wait_seconds_sum 3.5"], scrape.Series("memoize_wait_seconds_sum"));
        Assert.Equal(["memoize_wait_seconds_count 2"], scrape.Series("memoize_wait_seconds_count"));
    }

    [Fact]
    public async Task A_histogram_without_advice_gets_the_Prometheus_default_buckets_in_seconds()
    {
        using var meter = new Meter(MeterName);
        await using var host = await ScrapedHost.StartAsync([MeterName], _ => i => ReferenceEquals(i.Meter, meter));
        meter.CreateHistogram<double>("memoize_plain_seconds", unit: "s", description: "Plain.").Record(0.3);

        var buckets = (await host.ScrapeAsync()).Samples.Where(s => s.Name == "memoize_plain_seconds_bucket").Select(s => s.Labels["le"]);

        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"], buckets);
    }
}
