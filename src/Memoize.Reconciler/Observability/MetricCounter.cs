namespace Memoize.Reconciler.Observability;

/// <summary>A Prometheus counter without labels: a name, a help text and a value that only goes up.</summary>
public sealed class MetricCounter
{
    private long _value;

    /// <summary>Creates a counter named <paramref name="name"/> (Prometheus naming, ending in <c>_total</c>).</summary>
    public MetricCounter(string name, string help)
    {
        Name = name;
        Help = help;
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The one-line help text shown in the exposition.</summary>
    public string Help { get; }

    /// <summary>The current value.</summary>
    public long Value => Interlocked.Read(ref _value);

    /// <summary>Adds <paramref name="by"/> (default 1).</summary>
    public void Increment(long by = 1) => Interlocked.Add(ref _value, by);
}
