using System.Buffers;
using System.Text;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>
/// A string field of a memoize block (key, maxAge or cache name) read against its variable scope:
/// which parts are literal, which are known substitutions and which stay unknown until run time.
/// The tags are found over the text itself, without slicing it: strings are only cut for a finding's message.
/// </summary>
internal sealed class TemplatedField
{
    private static readonly Tag[] NoTags = [];

    // The tags in order; the text between them is literal.
    private readonly Tag[] tags;

    private TemplatedField(string written, Tag[] tags)
    {
        Written = written;
        this.tags = tags;
    }

    /// <summary>Checks one known stretch of a field (e.g. <see cref="Keys.CacheKey.IsValidPart"/>).</summary>
    public delegate bool KnownPartCheck(ReadOnlySpan<char> part, bool atStart, bool atEnd);

    /// <summary>The field exactly as written.</summary>
    public string Written { get; }

    /// <summary>The number of tags, variables and expressions.</summary>
    public int TagCount => tags.Length;

    /// <summary>True when the field holds any tag.</summary>
    public bool IsTemplated => tags.Length > 0;

    /// <summary>True when the field holds an expression tag.</summary>
    public bool HasExpressions => tags.Any(tag => tag.Kind == TemplateSegmentKind.Expression);

    /// <summary>True when every part's value is known now, so the field can be checked as Argo will see it.</summary>
    public bool IsFullyKnown
    {
        get
        {
            foreach (var tag in tags)
            {
                if (!tag.IsKnown)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>True when at least one tag was replaced by a known value.</summary>
    public bool HasSubstitution
    {
        get
        {
            foreach (var tag in tags)
            {
                if (tag.IsKnown)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The field with known values substituted and unknown tags left as written.</summary>
    public string Substituted
    {
        get
        {
            if (tags.Length == 0)
            {
                return Written;
            }

            var builder = new StringBuilder(Written.Length);
            var position = 0;
            foreach (var tag in tags)
            {
                builder.Append(Written, position, tag.Start - position);
                builder.Append(tag.IsKnown ? tag.Value : Written.AsSpan(tag.Start, tag.Length));
                position = tag.End;
            }

            return builder.Append(Written, position, Written.Length - position).ToString();
        }
    }

    /// <summary>The number of characters known now (unknown tags not counted).</summary>
    public int KnownLength => KnownPartsLength(literalOnly: false);

    /// <summary>Reads <paramref name="written"/> against <paramref name="scope"/>.</summary>
    public static TemplatedField Analyze(string written, VariableScope scope)
    {
        var count = 0;
        for (var position = 0; TemplateText.NextTag(written, position, out _, out var end); position = end + 2)
        {
            count++;
        }

        if (count == 0)
        {
            // Most fields (a maxAge, a cache name) have no tag.
            return new TemplatedField(written, NoTags);
        }

        var tags = new Tag[count];
        var next = 0;
        for (var position = 0; TemplateText.NextTag(written, position, out var start, out var end); position = end + 2)
        {
            var inner = written.AsSpan((start + 2)..end);
            // Argo treats a tag as an expression only when '=' follows the braces immediately.
            if (inner.StartsWith('='))
            {
                tags[next++] = new Tag(TemplateSegmentKind.Expression, start, end + 2, VariableStatus.Unknown, null);
            }
            else
            {
                var status = scope.Resolve(inner.Trim(), out var value);
                tags[next++] = new Tag(TemplateSegmentKind.Variable, start, end + 2, status, status == VariableStatus.Known ? value : null);
            }
        }

        return new TemplatedField(written, tags);
    }

    /// <summary>Whether the tag at <paramref name="index"/> is a variable or an expression.</summary>
    public TemplateSegmentKind TagKind(int index) => tags[index].Kind;

    /// <summary>How the variable tag at <paramref name="index"/> resolves.</summary>
    public VariableStatus TagStatus(int index) => tags[index].Status;

    /// <summary>The tag at <paramref name="index"/> as written, braces included.</summary>
    public string TagText(int index) => Written.Substring(tags[index].Start, tags[index].Length);

    /// <summary>The trimmed variable name of the tag at <paramref name="index"/>.</summary>
    public string TagName(int index) => Written.AsSpan((tags[index].Start + 2)..(tags[index].End - 2)).Trim().ToString();

    /// <summary>
    /// True when every known stretch between unknown tags passes <paramref name="check"/>, each told whether it
    /// starts or ends the field. With <paramref name="literalOnly"/> substituted values count as unknown, to tell a
    /// literal mistake from a bad value.
    /// </summary>
    public bool KnownPartsPass(bool literalOnly, KnownPartCheck check)
    {
        if (tags.Length == 0)
        {
            return check(Written, true, true);
        }

        var length = KnownPartsLength(literalOnly);
        char[]? rented = null;
        Span<char> buffer = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            var filled = 0;
            var atStart = true;
            var position = 0;
            foreach (var tag in tags)
            {
                Written.AsSpan(position, tag.Start - position).CopyTo(buffer[filled..]);
                filled += tag.Start - position;
                position = tag.End;
                if (tag.IsKnown && !literalOnly)
                {
                    tag.Value.AsSpan().CopyTo(buffer[filled..]);
                    filled += tag.Value!.Length;
                    continue;
                }

                if (!check(buffer[..filled], atStart, false))
                {
                    return false;
                }

                filled = 0;
                atStart = false;
            }

            Written.AsSpan(position).CopyTo(buffer[filled..]);
            filled += Written.Length - position;
            return check(buffer[..filled], atStart, true);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The number of characters in the known stretches (see <see cref="KnownPartsPass"/>).</summary>
    public int KnownPartsLength(bool literalOnly)
    {
        var length = Written.Length;
        foreach (var tag in tags)
        {
            length -= tag.Length;
            if (tag.IsKnown && !literalOnly)
            {
                length += tag.Value!.Length;
            }
        }

        return length;
    }

    /// <summary>Rewrites the known stretches with <paramref name="fix"/> and keeps unknown tags as written: an example fix.</summary>
    public string Rewrite(bool literalOnly, Func<string, bool, bool, string> fix)
    {
        var builder = new StringBuilder();
        var known = new StringBuilder();
        var atStart = true;
        var position = 0;
        foreach (var tag in tags)
        {
            known.Append(Written, position, tag.Start - position);
            position = tag.End;
            if (tag.IsKnown && !literalOnly)
            {
                known.Append(tag.Value);
                continue;
            }

            builder.Append(fix(known.ToString(), atStart, false)).Append(Written, tag.Start, tag.Length);
            known.Clear();
            atStart = false;
        }

        known.Append(Written, position, Written.Length - position);
        return builder.Append(fix(known.ToString(), atStart, true)).ToString();
    }

    /// <summary>True when <see cref="Rewrite"/> keeps some tags as written, so its result is a pattern rather than a final value.</summary>
    public bool RewriteKeepsTags(bool literalOnly) => !IsFullyKnown || (literalOnly && HasSubstitution);

    /// <summary>One tag: where it is written (<c>{{</c> to after <c>}}</c>), and what it resolves to.</summary>
    private readonly record struct Tag(TemplateSegmentKind Kind, int Start, int End, VariableStatus Status, string? Value)
    {
        public int Length => End - Start;

        public bool IsKnown => Kind == TemplateSegmentKind.Variable && Status == VariableStatus.Known;
    }
}
