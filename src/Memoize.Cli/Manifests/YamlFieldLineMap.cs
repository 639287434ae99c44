namespace Memoize.Cli.Manifests;

/// <summary>Line lookup over one YAML document: walks its line skeleton along the field path.</summary>
/// <param name="root">The document's root node.</param>
public sealed class YamlFieldLineMap(YamlLineNode root) : IFieldLineMap
{
    /// <inheritdoc />
    public int LineOf(string fieldPath)
    {
        var node = root;
        var line = node.Line;
        foreach (var step in FieldPath.Parse(fieldPath))
        {
            if (step is string name && node.Entries?.TryGetValue(name, out var entry) == true)
            {
                // The key's line, not the value's: a block mapping value starts on the next line.
                line = entry.KeyLine;
                node = entry.Value;
            }
            else if (step is int index && node.Items is { } items && index < items.Count)
            {
                node = items[index];
                line = node.Line;
            }
            else
            {
                break;
            }
        }

        return line;
    }
}
