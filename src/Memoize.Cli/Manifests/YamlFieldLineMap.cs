using YamlDotNet.RepresentationModel;

namespace Memoize.Cli.Manifests;

/// <summary>Line lookup over a parsed YAML document: walks the YAML nodes along the field path.</summary>
/// <param name="Root">The document's root node.</param>
public sealed record YamlFieldLineMap(YamlNode Root) : IFieldLineMap
{
    /// <inheritdoc />
    public int LineOf(string fieldPath)
    {
        var node = Root;
        var line = Root.Start.Line;
        foreach (var step in FieldPath.Parse(fieldPath))
        {
            YamlNode? next = null;
            if (step is string name && node is YamlMappingNode mapping)
            {
                foreach (var (key, value) in mapping.Children)
                {
                    if (key is YamlScalarNode scalar && scalar.Value == name)
                    {
                        // The key's line, not the value's: a block mapping value starts on the next line.
                        line = key.Start.Line;
                        next = value;
                    }
                }
            }
            else if (step is int index && node is YamlSequenceNode sequence && index < sequence.Children.Count)
            {
                next = sequence.Children[index];
                line = next.Start.Line;
            }

            if (next is null)
            {
                break;
            }

            node = next;
        }

        return (int)line;
    }
}
