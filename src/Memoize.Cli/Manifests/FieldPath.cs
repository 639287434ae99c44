namespace Memoize.Cli.Manifests;

/// <summary>Splits a field path like <c>spec.templates[3].memoize</c> into its steps.</summary>
public static class FieldPath
{
    /// <summary>
    /// The steps of <paramref name="path"/> in order: a field name as a string, an array index as an int.
    /// <c>spec.templates[3].memoize</c> gives "spec", "templates", 3, "memoize".
    /// </summary>
    public static IReadOnlyList<object> Parse(string path)
    {
        var steps = new List<object>();
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket != 0)
            {
                steps.Add(bracket < 0 ? part : part[..bracket]);
            }

            while (bracket >= 0)
            {
                var close = part.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(part.AsSpan(bracket + 1, close - bracket - 1), out var index))
                {
                    break;
                }

                steps.Add(index);
                bracket = part.IndexOf('[', close);
            }
        }

        return steps;
    }
}
