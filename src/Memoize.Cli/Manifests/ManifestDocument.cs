using System.Text.Json.Nodes;

namespace Memoize.Cli.Manifests;

/// <summary>One document of a manifest file, converted to JSON, with a way back to the lines it came from.</summary>
/// <param name="Content">The document as JSON (never null: empty documents are dropped by the reader).</param>
/// <param name="Lines">Maps a field path inside <paramref name="Content"/> to its line in the file.</param>
public sealed record ManifestDocument(JsonNode Content, IFieldLineMap Lines)
{
    /// <summary>The line where the document starts (1-based).</summary>
    public int Line => Lines.LineOf("");

    /// <summary>Keys written twice in one mapping, in file order; paths are relative to <see cref="Content"/>.</summary>
    public IReadOnlyList<DuplicateKey> DuplicateKeys { get; init; } = [];
}
