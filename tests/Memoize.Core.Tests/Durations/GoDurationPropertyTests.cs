using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Memoize.Core.Durations;
using Memoize.Core.Text;

namespace Memoize.Core.Tests.Durations;

public class GoDurationPropertyTests
{
    private static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", 1_000), ("\u00B5s", 1_000), ("\u03BCs", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ];

    private static readonly string[] BadUnits = ["d", "w", "S", "H", "hr", "sec", "min", "M", "y", "\u00B5", "x", "_", "ss", "e", "µm", "Ms"];

    /// <summary>One piece: whole part, fraction digits (maybe none), the unit.</summary>
    private sealed record Piece(int Whole, string Fraction, bool WholeWritten, string Unit, long UnitNanoseconds)
    {
        public string Text => (WholeWritten ? Whole.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")
            + (Fraction.Length > 0 ? "." + Fraction : "") + Unit;

        // Exact for at most three fraction digits: every unit but ns is a multiple of 1000, and ns rounds down to 0.
        public BigInteger Nanoseconds => (WholeWritten ? (BigInteger)Whole * UnitNanoseconds : 0)
            + (Fraction.Length == 0 ? 0 : BigInteger.Parse(Fraction, System.Globalization.CultureInfo.InvariantCulture) * UnitNanoseconds / BigInteger.Pow(10, Fraction.Length));
    }

    private sealed record Duration(string Sign, IReadOnlyList<Piece> Pieces)
    {
        public string Text => Sign + string.Concat(Pieces.Select(piece => piece.Text));

        public long Nanoseconds => (long)(Sign == "-" ? -Pieces.Aggregate(BigInteger.Zero, (sum, p) => sum + p.Nanoseconds) : Pieces.Aggregate(BigInteger.Zero, (sum, p) => sum + p.Nanoseconds));

        public override string ToString() => GoQuote.Quote(Text);
    }

    private static readonly Gen<Piece> PieceGen =
        from whole in Gen.Choose(0, 999)
        from fractionLength in Gen.Choose(0, 3)
        from digits in Gen.ArrayOf(Gen.Elements("0123456789".ToCharArray()), fractionLength)
        from writeWhole in Gen.Elements(true, true, true, false)
        from unit in Gen.Elements(Units)
        let fraction = new string(digits)
        // ".s" has no digits at all: write the whole part when there is no fraction.
        select new Piece(whole, fraction, writeWhole || fraction.Length == 0, unit.Unit, unit.Nanoseconds);

    private static readonly Gen<Duration> DurationGen =
        from sign in Gen.Elements("", "", "+", "-")
        from pieces in Gen.ListOf(PieceGen).Where(list => list.Count is > 0 and <= 4)
        select new Duration(sign, pieces.ToList());

    [Fact]
    public void Generated_valid_durations_parse_to_the_sum_of_their_pieces() =>
        Check.QuickThrowOnFailure(Prop.ForAll(DurationGen.ToArbitrary(), duration =>
            GoDuration.TryParse(duration.Text, out var parsed, out var error)
            && error is null
            && parsed.Nanoseconds == duration.Nanoseconds));

    [Fact]
    public void Generated_durations_with_one_bad_unit_fail_with_unknown_unit()
    {
        var gen =
            from duration in DurationGen
            from index in Gen.Choose(0, duration.Pieces.Count - 1)
            from bad in Gen.Elements(BadUnits)
            let pieces = duration.Pieces.Select((piece, i) => i == index ? piece with { Unit = bad } : piece).ToList()
            select (Text: duration.Sign + string.Concat(pieces.Select(piece => piece.Text)), Bad: bad);
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), sample =>
            !GoDuration.TryParse(sample.Text, out _, out var error)
            && error == $"time: unknown unit {GoQuote.Quote(sample.Bad)} in duration {GoQuote.Quote(sample.Text)}"));
    }

    [Fact]
    public void Generated_durations_whose_last_piece_lacks_a_unit_fail_with_missing_unit()
    {
        var gen =
            from duration in DurationGen
            let last = duration.Pieces[^1]
            let text = duration.Sign + string.Concat(duration.Pieces.Take(duration.Pieces.Count - 1).Select(piece => piece.Text)) + last.Text[..^last.Unit.Length]
            // A lone "0" (signed or not) is Go's one unitless duration.
            where text.TrimStart('+', '-') != "0"
            select text;
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), text =>
            !GoDuration.TryParse(text, out _, out var error)
            && error == $"time: missing unit in duration {GoQuote.Quote(text)}"));
    }

    [Fact]
    public void Generated_durations_with_an_inserted_space_fail_with_Gos_text()
    {
        var gen =
            from duration in DurationGen
            from position in Gen.Choose(0, duration.Text.Length)
            select (Text: duration.Text.Insert(position, " "), AtStart: SpaceMakesPieceInvalid(duration.Text, position));
        Check.QuickThrowOnFailure(Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var failed = !GoDuration.TryParse(sample.Text, out _, out var error);
            var quoted = GoQuote.Quote(sample.Text);
            return failed && (sample.AtStart
                ? error == $"time: invalid duration {quoted}"
                : error!.StartsWith("time: unknown unit \"", StringComparison.Ordinal)
                    && error.EndsWith($"\" in duration {quoted}", StringComparison.Ordinal)
                    && error[..^$" in duration {quoted}".Length].Contains(' ', StringComparison.Ordinal));
        }));
    }

    /// <summary>
    /// Where Go sees no number at all: at the start, right after the sign, or right after a '.' that no digit
    /// precedes (".5s" becoming ". 5s"); elsewhere the space joins a unit and is reported as an unknown unit.
    /// </summary>
    private static bool SpaceMakesPieceInvalid(string text, int position) =>
        position == 0
        || (position == 1 && text[0] is '+' or '-')
        || (text[position - 1] == '.' && (position == 1 || !char.IsAsciiDigit(text[position - 2])));

    [Fact]
    public void Any_duration_formatted_like_Go_parses_back_to_itself()
    {
        var gen =
            from high in Gen.Choose(int.MinValue, int.MaxValue)
            from low in Gen.Choose(int.MinValue, int.MaxValue)
            from scale in Gen.Elements(0, 16, 32, 48)
            select ((long)high << 32 | (uint)low) >> scale;
        var edges = Gen.Elements(long.MinValue, long.MaxValue, 0L, 1L, -1L, 999L, 1_000_000_000L);
        Check.QuickThrowOnFailure(Prop.ForAll(Gen.OneOf(gen, edges).ToArbitrary(), nanoseconds =>
            GoDuration.TryParse(new GoDuration(nanoseconds).ToString(), out var parsed, out _) && parsed.Nanoseconds == nanoseconds));
    }
}
