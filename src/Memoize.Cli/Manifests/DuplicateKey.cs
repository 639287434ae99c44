namespace Memoize.Cli.Manifests;

/// <summary>A mapping key written twice; the later value is the one kept, as kubectl keeps it.</summary>
/// <param name="Path">The field path of the duplicated key inside its document, e.g. <c>metadata.annotations</c>.</param>
/// <param name="Key">The key as written.</param>
/// <param name="FirstLine">The 1-based line of the first occurrence (the one dropped).</param>
/// <param name="LastLine">The 1-based line of the last occurrence (the one kept).</param>
public sealed record DuplicateKey(string Path, string Key, int FirstLine, int LastLine);
