namespace Memoize.Cli.Lint;

/// <summary>The texts lint prints about files it cannot lint.</summary>
public static class LintMessages
{
    /// <summary><c>memoize lint: cannot read FILE: REASON</c>.</summary>
    public static string CannotRead(string file, string reason) => $"memoize lint: cannot read {file}: {reason}";

    /// <summary><c>FILE:LINE:COLUMN: cannot parse YAML: REASON</c> (or JSON).</summary>
    public static string CannotParse(string file, Manifests.ManifestParseException e) => $"{file}:{e.Message}";
}
