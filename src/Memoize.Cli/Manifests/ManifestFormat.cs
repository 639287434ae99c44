namespace Memoize.Cli.Manifests;

/// <summary>The two notations a manifest may be written in.</summary>
public enum ManifestFormat
{
    /// <summary>YAML, possibly several documents separated by <c>---</c>.</summary>
    Yaml,

    /// <summary>One JSON value.</summary>
    Json,
}
