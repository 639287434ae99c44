using System.Diagnostics.Metrics;

namespace Memoize.Reconciler.Observability;

/// <summary>
/// A Prometheus counter without labels. The running total is the one value: the reconciler (and its tests) read it
/// directly, and the exporter observes it at each scrape, so it shows as 0 before anything happens.
/// </summary>
public sealed class MetricCounter
{
    private readonly ObservableCounter<long> _counter;
    private long _value;

    /// <summary>Creates the counter <paramref name="name"/> (Prometheus naming, ending in <c>_total</c>) on <paramref name="meter"/>.</summary>
    public MetricCounter(Meter meter, string name, string help)
    {
        ArgumentNullException.ThrowIfNull(meter);
        _counter = meter.CreateObservableCounter(name, () => Value, description: help);
    }

    /// <summary>The metric name.</summary>
    public string Name => _counter.Name;

    /// <summary>The one-line help text shown in the exposition.</summary>
    public string Help => _counter.Description ?? "";

    /// <summary>The current value.</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>Adds <paramref name="by"/> (default 1).</summary>
    public void Increment(long by = 1) => Interlocked.Add(ref _value, by);
}
