namespace Memoize.Core.Templates;

/// <summary>Splits a string into literal text and Argo's <c>{{...}}</c> tags, the way Argo's template engine reads it.</summary>
public static class TemplateText
{
    private const string Open = "{{";
    private const string Close = "}}";

    /// <summary>The segments of <paramref name="text"/> in order; an unclosed <c>{{</c> stays literal text.</summary>
    public static IReadOnlyList<TemplateSegment> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains(Open, StringComparison.Ordinal))
        {
            // Most fields (a maxAge, a cache name) have no tag: one literal, nothing to slice.
            return text.Length == 0 ? [] : [Literal(text)];
        }

        var segments = new List<TemplateSegment>();
        var position = 0;
        while (position < text.Length)
        {
            var start = text.IndexOf(Open, position, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (start < 0 || end < 0)
            {
                segments.Add(Literal(text[position..]));
                break;
            }

            if (start > position)
            {
                segments.Add(Literal(text[position..start]));
            }

            var inner = text[(start + Open.Length)..end];
            var written = text[start..(end + Close.Length)];
            // Argo treats a tag as an expression only when '=' follows the braces immediately.
            segments.Add(inner.StartsWith('=')
                ? new TemplateSegment(TemplateSegmentKind.Expression, written, inner[1..])
                : new TemplateSegment(TemplateSegmentKind.Variable, written, inner.Trim()));
            position = end + Close.Length;
        }

        return segments;
    }

    /// <summary>True when <paramref name="text"/> holds at least one <c>{{...}}</c> tag.</summary>
    public static bool HasTags(ReadOnlySpan<char> text) => NextTag(text, 0, out _, out _);

    /// <summary>
    /// The next tag at or after <paramref name="position"/>: <paramref name="start"/> at its <c>{{</c>,
    /// <paramref name="end"/> at its <c>}}</c>. False when none is left (an unclosed <c>{{</c> is literal text), as in <see cref="Parse"/>.
    /// </summary>
    internal static bool NextTag(ReadOnlySpan<char> text, int position, out int start, out int end)
    {
        start = -1;
        end = -1;
        var open = text[position..].IndexOf(Open, StringComparison.Ordinal);
        if (open < 0)
        {
            return false;
        }

        var close = text[(position + open + Open.Length)..].IndexOf(Close, StringComparison.Ordinal);
        if (close < 0)
        {
            return false;
        }

        start = position + open;
        end = start + Open.Length + close;
        return true;
    }

    private static TemplateSegment Literal(string text) => new(TemplateSegmentKind.Literal, text, text);
}
