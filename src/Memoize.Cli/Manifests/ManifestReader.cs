namespace Memoize.Cli.Manifests;

/// <summary>Reads a manifest file's text, YAML or JSON, into its documents.</summary>
public static class ManifestReader
{
    /// <summary>
    /// The notation of a manifest: by extension (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>), otherwise (standard
    /// input, other names) JSON when the text starts with <c>{</c> or <c>[</c>, else YAML.
    /// </summary>
    public static ManifestFormat FormatOf(string? fileName, string text)
    {
        var extension = Path.GetExtension(fileName ?? "");
        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestFormat.Json;
        }

        if (extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestFormat.Yaml;
        }

        var first = text.AsSpan().TrimStart();
        return first.Length > 0 && first[0] is '{' or '[' ? ManifestFormat.Json : ManifestFormat.Yaml;
    }

    /// <summary>The non-empty documents of <paramref name="text"/> in order.</summary>
    /// <exception cref="ManifestParseException">The text cannot be parsed.</exception>
    public static IReadOnlyList<ManifestDocument> Read(string text, ManifestFormat format) =>
        format == ManifestFormat.Json ? JsonManifestReader.Read(text) : YamlManifestReader.Read(text);
}
