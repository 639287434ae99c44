namespace Memoize.Core.Templates;

/// <summary>One piece of a templated string: literal text or a tag.</summary>
/// <param name="Kind">Literal text, a variable tag or an expression tag.</param>
/// <param name="Text">The piece exactly as written, braces included for tags.</param>
/// <param name="Name">For a variable the trimmed name (<c>inputs.parameters.x</c>); for an expression its body after <c>=</c>; for literal text the text.</param>
public sealed record TemplateSegment(TemplateSegmentKind Kind, string Text, string Name);
