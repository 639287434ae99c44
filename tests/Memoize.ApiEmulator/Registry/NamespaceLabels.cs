using System.Collections.Concurrent;

namespace Memoize.ApiEmulator.Registry;

/// <summary>
/// Namespaces are implicit (every namespace exists); this holds the labels a test gave some of them, plus the
/// <c>kubernetes.io/metadata.name</c> label Kubernetes puts on every namespace, for webhook namespaceSelectors.
/// </summary>
internal sealed class NamespaceLabels
{
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> labels = new(StringComparer.Ordinal);

    /// <summary>Replaces the labels of <paramref name="namespace"/> (the metadata.name label is always added).</summary>
    public void Set(string @namespace, IReadOnlyDictionary<string, string> values) => labels[@namespace] = values;

    /// <summary>The labels of <paramref name="namespace"/>.</summary>
    public IReadOnlyDictionary<string, string> Get(string @namespace)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (labels.TryGetValue(@namespace, out var values))
        {
            foreach (var (key, value) in values)
            {
                result[key] = value;
            }
        }
        result["kubernetes.io/metadata.name"] = @namespace;
        return result;
    }
}
