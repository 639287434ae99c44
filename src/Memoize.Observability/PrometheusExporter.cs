using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Memoize.Observability;

/// <summary>
/// A small Prometheus exporter: a <see cref="MeterListener"/> that aggregates the instruments of one process part (a
/// host's named meter plus a few of ASP.NET Core's, or one <see cref="Meter"/>) and writes them in the text exposition
/// format 0.0.4. Observable instruments are read afresh at every scrape, so a series they stop reporting disappears.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The Content-Type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    // ASP.NET Core's instruments worth exposing, with their Prometheus names.
    private static readonly Dictionary<string, string> BuiltIn = new(StringComparer.Ordinal)
    {
        ["kestrel.active_connections"] = "kestrel_active_connections",
        ["kestrel.active_tls_handshakes"] = "kestrel_active_tls_handshakes",
        ["kestrel.tls_handshake.duration"] = "kestrel_tls_handshake_duration_seconds",
        ["http.server.active_requests"] = "http_server_active_requests",
    };

    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly Func<Instrument, string?> _exportedName;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrape = new();

    /// <summary>
    /// Exports every instrument of the meters named <paramref name="meterName"/> that <paramref name="meterFactory"/>
    /// creates, plus ASP.NET Core's Kestrel and active-request instruments of the same factory.
    /// </summary>
    public PrometheusExporter(IMeterFactory meterFactory, string meterName)
        : this(instrument => !ReferenceEquals(instrument.Meter.Scope, meterFactory) ? null
            : instrument.Meter.Name == meterName ? instrument.Name
            : BuiltIn.GetValueOrDefault(instrument.Name))
    {
    }

    /// <summary>Exports every instrument of <paramref name="meter"/>, and nothing else.</summary>
    public PrometheusExporter(Meter meter)
        : this(instrument => ReferenceEquals(instrument.Meter, meter) ? instrument.Name : null)
    {
    }

    // The filter is set before the listener starts: instruments that already exist are published at Start.
    private PrometheusExporter(Func<Instrument, string?> exportedName)
    {
        _exportedName = exportedName;
        _listener.InstrumentPublished = OnInstrumentPublished;
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The exposition text of every family, sorted by name, series sorted by labels.</summary>
    public string Scrape()
    {
        // One scrape at a time: observed series are cleared, observed again and written as one consistent picture.
        lock (_scrape)
        {
            foreach (var family in _families.Values)
            {
                family.ForgetObservedSeries();
            }

            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.WriteTo(text);
            }

            return text.ToString();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();

    /// <summary>Escapes a label value: backslash, double quote and newline.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Escapes HELP text: backslash and newline.</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Prometheus reads it (+Inf, -Inf, NaN, shortest round-trip decimal).</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString(CultureInfo.InvariantCulture);

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var name = _exportedName(instrument);
        if (name is null)
        {
            return;
        }

        var type = instrument switch
        {
            Histogram<double> or Histogram<long> or Histogram<int> => MetricType.Histogram,
            Counter<long> or Counter<int> or Counter<double> => MetricType.Counter,
            UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> => MetricType.UpDownGauge,
            ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => MetricType.ObservedCounter,
            _ => MetricType.ObservedGauge,
        };
        var buckets = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets;
        var family = _families.GetOrAdd(name, _ => new MetricFamily(name, instrument.Description ?? name, type, buckets));
        listener.EnableMeasurementEvents(instrument, family);
    }

    private enum MetricType
    {
        Counter,
        UpDownGauge,
        ObservedGauge,
        ObservedCounter,
        Histogram,
    }

    private sealed class MetricFamily(string name, string help, MetricType type, double[] buckets)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public string Name { get; } = name;

        /// <summary>Drops the series of an observable instrument: its callback reports the ones that still exist.</summary>
        public void ForgetObservedSeries()
        {
            if (type is MetricType.ObservedGauge or MetricType.ObservedCounter)
            {
                _series.Clear();
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new List<(string Name, string Value)>(tags.Length);
            foreach (var tag in tags)
            {
                labels.Add((tag.Key.Replace('.', '_'), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }

            labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            var key = string.Join(",", labels.Select(l => $"{l.Name}=\"{EscapeLabelValue(l.Value)}\""));
            var series = _series.GetOrAdd(key, _ => new Series(buckets.Length));
            lock (series)
            {
                switch (type)
                {
                    case MetricType.ObservedGauge or MetricType.ObservedCounter:
                        series.Sum = value;
                        break;
                    case MetricType.Histogram:
                        var bucket = Array.FindIndex(buckets, b => value <= b);
                        series.BucketCounts[bucket < 0 ? buckets.Length : bucket]++;
                        series.Sum += value;
                        series.Count++;
                        break;
                    default:
                        series.Sum += value;
                        break;
                }
            }
        }

        public void WriteTo(StringBuilder text)
        {
            var typeName = type switch
            {
                MetricType.Counter or MetricType.ObservedCounter => "counter",
                MetricType.Histogram => "histogram",
                _ => "gauge",
            };
            text.Append("# HELP ").Append(Name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            text.Append("# TYPE ").Append(Name).Append(' ').Append(typeName).Append('\n');
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (type != MetricType.Histogram)
                    {
                        Sample(text, Name, labels, null, series.Sum);
                        continue;
                    }

                    long cumulative = 0;
                    for (var i = 0; i <= buckets.Length; i++)
                    {
                        cumulative += series.BucketCounts[i];
                        Sample(text, Name + "_bucket", labels, i < buckets.Length ? FormatValue(buckets[i]) : "+Inf", cumulative);
                    }

                    Sample(text, Name + "_sum", labels, null, series.Sum);
                    Sample(text, Name + "_count", labels, null, series.Count);
                }
            }
        }

        private static void Sample(StringBuilder text, string name, string labels, string? le, double value)
        {
            text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                text.Append('{').Append(labels);
                if (le is not null)
                {
                    text.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
                }

                text.Append('}');
            }

            text.Append(' ').Append(FormatValue(value)).Append('\n');
        }
    }

    private sealed class Series(int bucketCount)
    {
        public long[] BucketCounts { get; } = new long[bucketCount + 1];

        public double Sum { get; set; }

        public long Count { get; set; }
    }
}
