namespace Memoize.Cli.Manifests;

/// <summary>The line map of one item inside a larger document, e.g. <c>items[2]</c> of a <c>kind: List</c>.</summary>
/// <param name="Outer">The map of the whole document.</param>
/// <param name="Prefix">The item's path inside the whole document, e.g. <c>items[2]</c>.</param>
public sealed record ScopedFieldLineMap(IFieldLineMap Outer, string Prefix) : IFieldLineMap
{
    /// <inheritdoc />
    public int LineOf(string fieldPath) =>
        Outer.LineOf(fieldPath.Length == 0 ? Prefix : fieldPath[0] == '[' ? Prefix + fieldPath : Prefix + "." + fieldPath);
}
