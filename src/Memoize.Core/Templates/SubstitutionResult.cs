namespace Memoize.Core.Templates;

/// <summary>The text after substitution, and the tags that had no value and stayed literally in it.</summary>
/// <param name="Text">The substituted text; unresolved tags are left as written, as Argo leaves them.</param>
/// <param name="UnresolvedTags">Each <c>{{...}}</c> tag (its inner name, e.g. <c>inputs.parameters.nope</c>) that had no value.</param>
/// <param name="ExpressionTags">Each <c>{{=...}}</c> expression tag as written (braces included), which is never evaluated here.</param>
public sealed record SubstitutionResult(string Text, IReadOnlyList<string> UnresolvedTags, IReadOnlyList<string> ExpressionTags)
{
    /// <summary>True when every tag had a value and there was no expression.</summary>
    public bool IsComplete => UnresolvedTags.Count == 0 && ExpressionTags.Count == 0;
}
