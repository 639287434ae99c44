namespace Memoize.Cli.Manifests;

/// <summary>Finds the source line of a field path such as <c>spec.templates[0].memoize.key</c>.</summary>
public interface IFieldLineMap
{
    /// <summary>
    /// The 1-based line of the field, or of its nearest ancestor that exists when the field itself is absent
    /// (a "Required value" finding points at the block that lacks the field). The empty path is the document itself.
    /// </summary>
    int LineOf(string fieldPath);
}
