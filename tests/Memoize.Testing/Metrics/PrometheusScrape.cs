using System.Text;

namespace Memoize.Testing.Metrics;

/// <summary>
/// A scrape of <c>/metrics</c> (Prometheus text format 0.0.4) read back: each family's TYPE and HELP and every
/// sample, so that tests compare series exactly without depending on the exporter's line or label order.
/// </summary>
public sealed class PrometheusScrape
{
    private PrometheusScrape(IReadOnlyDictionary<string, string> types, IReadOnlyDictionary<string, string> help, IReadOnlyList<PrometheusSample> samples)
    {
        Types = types;
        Help = help;
        Samples = samples;
    }

    /// <summary>Each family's type (<c>counter</c>, <c>gauge</c>, <c>histogram</c>), by family name.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    /// <summary>Each family's HELP text (unescaped), by family name.</summary>
    public IReadOnlyDictionary<string, string> Help { get; }

    /// <summary>Every sample, in the order written.</summary>
    public IReadOnlyList<PrometheusSample> Samples { get; }

    /// <summary>Every family as <c>name type</c>, sorted by name.</summary>
    public IReadOnlyList<string> Families => [.. Types.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key} {t.Value}")];

    /// <summary>GETs <c>/metrics</c> from <paramref name="http"/> and parses it; a non-2xx answer throws.</summary>
    public static async Task<PrometheusScrape> GetAsync(HttpClient http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Parses an exposition; a line that is not a comment, a blank or a sample throws <see cref="FormatException"/>.</summary>
    public static PrometheusScrape Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal) || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var (name, value) = space < 0 ? (rest, "") : (rest[..space], rest[(space + 1)..]);
                (line[2] == 'T' ? types : help)[name] = line[2] == 'T' ? value : Unescape(value);
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusScrape(types, help, samples);
    }

    /// <summary>The samples of <paramref name="name"/> (e.g. a histogram's <c>x_bucket</c>) as sorted-label lines, in written order.</summary>
    public IReadOnlyList<string> Series(string name) => [.. Samples.Where(s => s.Name == name).Select(s => s.ToString())];

    /// <summary>Every sample whose name starts with <paramref name="prefix"/>, as sorted-label lines, sorted.</summary>
    public IReadOnlyList<string> Lines(string prefix) =>
        [.. Samples.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s.ToString()).Order(StringComparer.Ordinal)];

    /// <summary>The value written for the series with exactly these labels, or null when there is none.</summary>
    public string? Value(string name, params (string Name, string Value)[] labels) =>
        Samples.FirstOrDefault(s => s.Name == name && s.Labels.Count == labels.Length
            && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))?.Value;

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            return space < 0 ? throw new FormatException($"not a sample line: {line}") : new PrometheusSample(line[..space], labels, ValueOf(line[(space + 1)..]));
        }

        var i = brace + 1;
        while (line[i] != '}')
        {
            var eq = line.IndexOf('=', i);
            var labelName = line[i..eq];
            if (line[eq + 1] != '"')
            {
                throw new FormatException($"label {labelName} is not quoted: {line}");
            }

            var value = new StringBuilder();
            i = eq + 2;
            for (; line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            labels[labelName] = value.ToString();
            i++;
            if (line[i] == ',')
            {
                i++;
            }
        }

        return new PrometheusSample(line[..brace], labels, ValueOf(line[(i + 1)..].TrimStart()));
    }

    // A sample may carry a timestamp after its value; only the value is compared.
    private static string ValueOf(string rest)
    {
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? rest : rest[..space];
    }

    private static string Unescape(string help) =>
        help.Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
