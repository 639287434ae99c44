using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Storage;

namespace Memoize.ApiEmulator.Selectors;

/// <summary>
/// A <c>fieldSelector</c>: <c>metadata.name=x,metadata.namespace!=y</c>, plus the extra fields a kind makes selectable
/// (Events: involvedObject.name, reason, ...). Unknown fields are refused with kube-apiserver's messages.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Field, bool Equal, string Value)> terms;

    private FieldSelector(IReadOnlyList<(string Field, bool Equal, string Value)> terms)
    {
        this.terms = terms;
    }

    /// <summary>True when the selector has no terms.</summary>
    public bool IsEmpty => terms.Count == 0;

    /// <summary>Parses <paramref name="text"/> for <paramref name="type"/>; throws <see cref="FormatException"/> with the message to show.</summary>
    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new FieldSelector([]);
        }
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var (field, equal, value) = SplitTerm(raw);
            if (field is not ("metadata.name" or "metadata.namespace") && !type.SelectableFields.Contains(field))
            {
                throw new FormatException(type.IsCustomResource
                    ? $"field label not supported: {field}"
                    : $"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
            }
            terms.Add((field, equal, value));
        }
        return new FieldSelector(terms);
    }

    /// <summary>True when <paramref name="obj"/> satisfies every term.</summary>
    public bool Matches(StoredObject obj)
    {
        if (IsEmpty)
        {
            return true;
        }
        JsonObject? json = null;
        foreach (var (field, equal, value) in terms)
        {
            var actual = field switch
            {
                "metadata.name" => obj.Name,
                "metadata.namespace" => obj.Namespace,
                _ => Lookup(json ??= obj.ToJson(), field),
            };
            if (string.Equals(actual, value, StringComparison.Ordinal) != equal)
            {
                return false;
            }
        }
        return true;
    }

    private static (string Field, bool Equal, string Value) SplitTerm(string term)
    {
        foreach (var (symbol, equal) in new[] { ("==", true), ("!=", false), ("=", true) })
        {
            var at = term.IndexOf(symbol, StringComparison.Ordinal);
            if (at > 0)
            {
                return (term[..at].Trim(), equal, term[(at + symbol.Length)..].Trim());
            }
        }
        throw new FormatException($"invalid selector: '{term}'; can't understand '{term}'");
    }

    private static string Lookup(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }
        return node is JsonValue value ? value.ToString() : "";
    }
}
