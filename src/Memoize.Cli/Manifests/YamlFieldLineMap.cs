using YamlDotNet.RepresentationModel;

namespace Memoize.Cli.Manifests;

/// <summary>Line lookup over one document of a YAML stream: walks the YAML nodes along the field path.</summary>
public sealed class YamlFieldLineMap : IFieldLineMap
{
    private readonly Lazy<YamlStream> stream;
    private readonly int documentIndex;

    /// <summary>Creates the map of document <paramref name="documentIndex"/> of <paramref name="stream"/>, which is parsed on first use.</summary>
    public YamlFieldLineMap(Lazy<YamlStream> stream, int documentIndex)
    {
        this.stream = stream;
        this.documentIndex = documentIndex;
    }

    /// <inheritdoc />
    public int LineOf(string fieldPath)
    {
        YamlNode node;
        try
        {
            node = stream.Value.Documents[documentIndex].RootNode;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return 1; // The event reader accepted this text; should the tree builder disagree, fall back to the top.
        }

        var line = node.Start.Line;
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
