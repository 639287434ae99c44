namespace Memoize.Cli.Manifests;

/// <summary>
/// The line skeleton of one YAML node: where it starts and, for maps and lists, where its children are.
/// Built from parser events rather than YamlDotNet's node tree, which refuses duplicate keys that kubectl accepts.
/// </summary>
public sealed class YamlLineNode(int line)
{
    /// <summary>The 1-based line the node starts on.</summary>
    public int Line { get; } = line;

    /// <summary>A map's entries: the key's line and the value; a later duplicate replaces the earlier one (last wins).</summary>
    public Dictionary<string, (int KeyLine, YamlLineNode Value)>? Entries { get; init; }

    /// <summary>A list's items.</summary>
    public List<YamlLineNode>? Items { get; init; }
}
