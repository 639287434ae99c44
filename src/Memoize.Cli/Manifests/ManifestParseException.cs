namespace Memoize.Cli.Manifests;

/// <summary>A manifest that cannot be parsed, with the position of the problem.</summary>
public sealed class ManifestParseException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="line"/>:<paramref name="column"/> (both 1-based).</summary>
    public ManifestParseException(ManifestFormat format, int line, int column, string reason)
        : base($"{line}:{column}: cannot parse {(format == ManifestFormat.Json ? "JSON" : "YAML")}: {reason}")
    {
        Format = format;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The notation that failed to parse.</summary>
    public ManifestFormat Format { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>What is wrong, as the parser says it.</summary>
    public string Reason { get; }
}
