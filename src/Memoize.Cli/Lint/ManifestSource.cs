namespace Memoize.Cli.Lint;

/// <summary>Where manifests come from: a file, or standard input.</summary>
/// <param name="DisplayName">The name shown to a person: the path as given or found, or <c>&lt;stdin&gt;</c>.</param>
/// <param name="FilePath">The file to read; null for standard input.</param>
public sealed record ManifestSource(string DisplayName, string? FilePath)
{
    /// <summary>The name shown for standard input.</summary>
    public const string StdinName = "<stdin>";

    /// <summary>Standard input (the <c>-</c> argument).</summary>
    public static ManifestSource Stdin { get; } = new(StdinName, null);
}
