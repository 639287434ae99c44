namespace Memoize.Cli.CacheInspection;

/// <summary>One cell of a <see cref="TextTable"/>: its text, and the same text with ANSI colour when it has some.</summary>
/// <param name="Text">What the cell says; its length decides the column width.</param>
/// <param name="Painted">The text with colour codes, written instead of <paramref name="Text"/> when given.</param>
public sealed record TableCell(string Text, string? Painted = null)
{
    /// <summary>A plain cell.</summary>
    public static implicit operator TableCell(string text) => new(text);
}
