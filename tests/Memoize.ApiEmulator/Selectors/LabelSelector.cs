using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Selectors;

/// <summary>
/// A label selector, parsed from the <c>labelSelector</c> query syntax (<c>a=b,c!=d,e in (f,g),h notin (i),j,!k</c>)
/// or from a <c>metav1.LabelSelector</c> object (matchLabels + matchExpressions). All terms must match.
/// </summary>
internal sealed class LabelSelector
{
    private LabelSelector(IReadOnlyList<LabelRequirement> requirements)
    {
        Requirements = requirements;
    }

    /// <summary>The selector that matches everything.</summary>
    public static LabelSelector Everything { get; } = new([]);

    /// <summary>The selector that matches nothing (a null LabelSelector object in some APIs).</summary>
    public static LabelSelector Nothing { get; } = new([new LabelRequirement("", "in", [])]);

    /// <summary>The terms, all of which must match.</summary>
    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>True for the selector that selects everything (no requirements).</summary>
    public bool IsEmpty => Requirements.Count == 0;

    /// <summary>True when every requirement holds for <paramref name="labels"/>.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) => Requirements.All(r => r.Matches(labels));

    /// <summary>Parses the query-string syntax; throws <see cref="FormatException"/> with a readable reason.</summary>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var requirements = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            requirements.Add(ParseTerm(term.Trim(), text));
        }
        return new LabelSelector(requirements);
    }

    /// <summary>
    /// Converts a <c>metav1.LabelSelector</c> object. An empty object matches everything; throws
    /// <see cref="FormatException"/> for an unknown operator or a malformed expression.
    /// </summary>
    public static LabelSelector FromObject(JsonObject? selector)
    {
        if (selector is null)
        {
            return Everything;
        }
        var requirements = new List<LabelRequirement>();
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            foreach (var (key, value) in matchLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                requirements.Add(new LabelRequirement(key, "=", [value?.GetValue<string>() ?? ""]));
            }
        }
        if (selector["matchExpressions"] is JsonArray expressions)
        {
            foreach (var expression in expressions.OfType<JsonObject>())
            {
                var key = expression["key"]?.GetValue<string>() ?? "";
                var values = (expression["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList() ?? [];
                var op = expression["operator"]?.GetValue<string>() ?? "";
                requirements.Add(op switch
                {
                    "In" => new LabelRequirement(key, "in", values),
                    "NotIn" => new LabelRequirement(key, "notin", values),
                    "Exists" => new LabelRequirement(key, "exists", []),
                    "DoesNotExist" => new LabelRequirement(key, "!", []),
                    _ => throw new FormatException($"{JsonSerializer.Serialize(op)} is not a valid label selector operator"),
                });
            }
        }
        return new LabelSelector(requirements);
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            if (c == ',' && depth == 0)
            {
                yield return current.ToString();
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        yield return current.ToString();
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw new FormatException($"unable to parse requirement: found '', expected: identifier (in label selector {Quote(whole)})");
        }
        if (term.StartsWith('!'))
        {
            return new LabelRequirement(Key(term[1..].Trim(), whole), "!", []);
        }
        foreach (var (symbol, op) in new[] { ("==", "="), ("!=", "!="), ("=", "="), (">", "gt"), ("<", "lt") })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = Key(term[..at].Trim(), whole);
                var value = term[(at + symbol.Length)..].Trim();
                if (op is "gt" or "lt" && !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw new FormatException($"unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer (in label selector {Quote(whole)})");
                }
                Value(value, whole);
                return new LabelRequirement(key, op, [value]);
            }
        }
        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new LabelRequirement(Key(words[0], whole), "exists", []);
        }
        var rest = words[1];
        foreach (var op in new[] { "notin", "in" })
        {
            if (rest.StartsWith(op, StringComparison.Ordinal) && rest[op.Length..].TrimStart().StartsWith('('))
            {
                var list = rest[op.Length..].Trim();
                if (!list.EndsWith(')'))
                {
                    throw new FormatException($"unable to parse requirement: found '{list}', expected: ')' (in label selector {Quote(whole)})");
                }
                var values = list[1..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToList();
                values.ForEach(v => Value(v, whole));
                return new LabelRequirement(Key(words[0], whole), op, values);
            }
        }
        throw new FormatException($"unable to parse requirement: found '{rest}', expected: in, notin, =, ==, !=, gt, lt (in label selector {Quote(whole)})");
    }

    private static string Key(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=' or ','))
        {
            throw new FormatException($"unable to parse requirement: invalid label key {Quote(key)} (in label selector {Quote(whole)})");
        }
        return key;
    }

    private static void Value(string value, string whole)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=' or ','))
        {
            throw new FormatException($"unable to parse requirement: invalid label value {Quote(value)} (in label selector {Quote(whole)})");
        }
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
