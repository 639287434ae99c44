using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>The texts lint writes itself, not the core rules: files it cannot lint, keys written twice.</summary>
public static class LintMessages
{
    /// <summary><c>memoize lint: cannot read FILE: REASON</c>.</summary>
    public static string CannotRead(string file, string reason) => $"memoize lint: cannot read {file}: {reason}";

    /// <summary><c>FILE:LINE:COLUMN: cannot parse YAML: REASON</c> (or JSON).</summary>
    public static string CannotParse(string file, Manifests.ManifestParseException e) => $"{file}:{e.Message}";

    /// <summary>
    /// <c>PATH: duplicate key "KEY" (lines A and B): the last one wins, as kubectl reads it; remove one</c>, a warning:
    /// kubectl accepts the file, so lint does too, but one of the two values is silently lost.
    /// </summary>
    public static Finding DuplicateKey(Manifests.DuplicateKey duplicate) => new(
        duplicate.Path,
        Severity.Warning,
        $"{duplicate.Path}: duplicate key \"{duplicate.Key}\" (lines {duplicate.FirstLine} and {duplicate.LastLine}): the last one wins, as kubectl reads it; remove one",
        null);
}
