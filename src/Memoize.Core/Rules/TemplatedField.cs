using System.Text;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>
/// A string field of a memoize block (key, maxAge or cache name) read against its variable scope:
/// which parts are literal, which are known substitutions and which stay unknown until run time.
/// </summary>
internal sealed class TemplatedField
{
    private readonly List<FieldPiece> pieces = [];
    private List<(bool IsTag, string Text, bool AtStart, bool AtEnd)>? literalLayout;
    private List<(bool IsTag, string Text, bool AtStart, bool AtEnd)>? knownLayout;

    private TemplatedField(string written) => Written = written;

    /// <summary>The field exactly as written.</summary>
    public string Written { get; }

    /// <summary>Each variable tag with how it resolves, in order.</summary>
    public List<(TemplateSegment Tag, VariableResolution Resolution)> Variables { get; } = [];

    /// <summary>Each expression tag, in order.</summary>
    public List<TemplateSegment> Expressions { get; } = [];

    /// <summary>True when the field holds any tag.</summary>
    public bool IsTemplated => Variables.Count > 0 || Expressions.Count > 0;

    /// <summary>True when every part's value is known now, so the field can be checked as Argo will see it.</summary>
    public bool IsFullyKnown => pieces.All(piece => piece.Kind != FieldPieceKind.Unknown);

    /// <summary>True when at least one tag was replaced by a known value.</summary>
    public bool HasSubstitution => pieces.Any(piece => piece.Kind == FieldPieceKind.Substituted);

    /// <summary>The field with known values substituted and unknown tags left as written.</summary>
    public string Substituted => string.Concat(pieces.Select(piece => piece.Value));

    /// <summary>Reads <paramref name="written"/> against <paramref name="scope"/>.</summary>
    public static TemplatedField Analyze(string written, VariableScope scope)
    {
        var field = new TemplatedField(written);
        foreach (var segment in TemplateText.Parse(written))
        {
            switch (segment.Kind)
            {
                case TemplateSegmentKind.Literal:
                    field.pieces.Add(new FieldPiece(FieldPieceKind.Literal, segment.Text, segment.Text));
                    break;
                case TemplateSegmentKind.Expression:
                    field.Expressions.Add(segment);
                    field.pieces.Add(new FieldPiece(FieldPieceKind.Unknown, segment.Text, segment.Text));
                    break;
                default:
                    var resolution = scope.Resolve(segment.Name);
                    field.Variables.Add((segment, resolution));
                    field.pieces.Add(resolution.Status == VariableStatus.Known
                        ? new FieldPiece(FieldPieceKind.Substituted, segment.Text, resolution.Value!)
                        : new FieldPiece(FieldPieceKind.Unknown, segment.Text, segment.Text));
                    break;
            }
        }

        return field;
    }

    /// <summary>
    /// The known stretches between unknown tags, each with whether it starts or ends the field.
    /// With <paramref name="literalOnly"/> substituted values count as unknown, to tell a literal mistake from a bad value.
    /// </summary>
    public IEnumerable<(string Text, bool AtStart, bool AtEnd)> KnownParts(bool literalOnly) =>
        Layout(literalOnly).Where(part => !part.IsTag).Select(part => (part.Text, part.AtStart, part.AtEnd));

    /// <summary>Rewrites the known stretches with <paramref name="fix"/> and keeps unknown tags as written: an example fix.</summary>
    public string Rewrite(bool literalOnly, Func<string, bool, bool, string> fix)
    {
        var builder = new StringBuilder();
        foreach (var part in Layout(literalOnly))
        {
            builder.Append(part.IsTag ? part.Text : fix(part.Text, part.AtStart, part.AtEnd));
        }

        return builder.ToString();
    }

    /// <summary>True when <see cref="Rewrite"/> keeps some tags as written, so its result is a pattern rather than a final value.</summary>
    public bool RewriteKeepsTags(bool literalOnly) => !IsFullyKnown || (literalOnly && HasSubstitution);

    /// <summary>The number of characters known now (unknown tags not counted).</summary>
    public int KnownLength => pieces.Where(piece => piece.Kind != FieldPieceKind.Unknown).Sum(piece => piece.Value.Length);

    // Several rules ask for the same layout: built once per field and view.
    private List<(bool IsTag, string Text, bool AtStart, bool AtEnd)> Layout(bool literalOnly) =>
        literalOnly ? literalLayout ??= BuildLayout(true) : knownLayout ??= BuildLayout(false);

    private List<(bool IsTag, string Text, bool AtStart, bool AtEnd)> BuildLayout(bool literalOnly)
    {
        var layout = new List<(bool IsTag, string Text, bool AtStart, bool AtEnd)>();
        var known = new StringBuilder();
        var atStart = true;
        foreach (var piece in pieces)
        {
            var isTag = piece.Kind == FieldPieceKind.Unknown || (literalOnly && piece.Kind == FieldPieceKind.Substituted);
            if (!isTag)
            {
                known.Append(piece.Value);
                continue;
            }

            layout.Add((false, known.ToString(), atStart, false));
            layout.Add((true, piece.Written, false, false));
            known.Clear();
            atStart = false;
        }

        layout.Add((false, known.ToString(), atStart, true));
        return layout;
    }

    private enum FieldPieceKind
    {
        Literal,
        Substituted,
        Unknown,
    }

    private readonly record struct FieldPiece(FieldPieceKind Kind, string Written, string Value);
}
