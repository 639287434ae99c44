namespace Memoize.Testing.Metrics;

/// <summary>One sample line of a Prometheus text exposition: name, labels (in any order) and the value as written.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, string Value)
{
    /// <summary>The sample as one line with its labels sorted by name, e.g. <c>x_total{a="1",b="2"} 3</c>; no braces without labels.</summary>
    public override string ToString()
    {
        if (Labels.Count == 0)
        {
            return $"{Name} {Value}";
        }

        var labels = Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{Escape(l.Value)}\"");
        return $"{Name}{{{string.Join(",", labels)}}} {Value}";
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
