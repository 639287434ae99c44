using System.Globalization;
using System.Text;
using Memoize.Core.Text;

namespace Memoize.Core.Durations;

/// <summary>A duration as Go's <c>time.ParseDuration</c> reads it: signed int64 nanoseconds.</summary>
public readonly record struct GoDuration(long Nanoseconds)
{
    private const ulong Nanosecond = 1;
    private const ulong Microsecond = 1000 * Nanosecond;
    private const ulong Millisecond = 1000 * Microsecond;
    private const ulong Second = 1000 * Millisecond;
    private const ulong Minute = 60 * Second;
    private const ulong Hour = 60 * Minute;

    // 1<<63: the magnitude of the most negative duration; Go's overflow checks compare against it.
    private const ulong Limit = 1UL << 63;

    /// <summary>The units Go accepts, case-sensitive; both micro signs (U+00B5 and U+03BC) mean microseconds.</summary>
    private static readonly Dictionary<string, ulong> Units = new(StringComparer.Ordinal)
    {
        ["ns"] = Nanosecond,
        ["us"] = Microsecond,
        ["\u00B5s"] = Microsecond,
        ["\u03BCs"] = Microsecond,
        ["ms"] = Millisecond,
        ["s"] = Second,
        ["m"] = Minute,
        ["h"] = Hour,
    };

    // The units looked up by the text as written, without cutting a string out of it.
    private static readonly Dictionary<string, ulong>.AlternateLookup<ReadOnlySpan<char>> UnitLookup = Units.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Parses exactly what Go accepts; on failure <paramref name="error"/> holds Go's exact error text.</summary>
    public static bool TryParse(string text, out GoDuration duration, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        duration = default;
        error = Parse(text, out var nanoseconds);
        if (error is null)
        {
            duration = new GoDuration(nanoseconds);
            return true;
        }

        return false;
    }

    /// <summary>The duration as a TimeSpan (100 ns ticks, truncated).</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);

    /// <summary>The duration as Go's <c>Duration.String</c> prints it, e.g. <c>1h30m0s</c>, <c>1.5µs</c> or <c>0s</c>.</summary>
    public override string ToString()
    {
        // The magnitude as unsigned, so that the most negative duration is representable.
        var magnitude = Nanoseconds < 0 ? unchecked(0UL - (ulong)Nanoseconds) : (ulong)Nanoseconds;
        var builder = new StringBuilder();
        if (Nanoseconds < 0)
        {
            builder.Append('-');
        }

        if (magnitude == 0)
        {
            return "0s";
        }

        if (magnitude < Second)
        {
            // Below one second Go picks the largest unit that keeps a non-zero integer part.
            var (unit, suffix, digits) = magnitude switch
            {
                < Microsecond => (Nanosecond, "ns", 0),
                < Millisecond => (Microsecond, "\u00B5s", 3),
                _ => (Millisecond, "ms", 6),
            };
            AppendDecimal(builder, magnitude / unit, magnitude % unit, digits);
            return builder.Append(suffix).ToString();
        }

        var hours = magnitude / Hour;
        var minutes = magnitude / Minute % 60;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var belowMinute = magnitude % Minute;
        AppendDecimal(builder, belowMinute / Second, belowMinute % Second, 9);
        return builder.Append('s').ToString();
    }

    /// <summary>Writes <c>whole.fraction</c> with the fraction's trailing zeros (and a bare point) dropped.</summary>
    private static void AppendDecimal(StringBuilder builder, ulong whole, ulong fraction, int digits)
    {
        builder.Append(whole.ToString(CultureInfo.InvariantCulture));
        if (fraction == 0)
        {
            return;
        }

        var text = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        builder.Append('.').Append(text);
    }

    /// <summary>A faithful port of Go's ParseDuration: null on success, else Go's error text.</summary>
    private static string? Parse(string original, out long nanoseconds)
    {
        nanoseconds = 0;
        var s = original.AsSpan();
        var total = 0UL;
        var negative = false;

        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s is "0")
        {
            return null;
        }

        if (s.IsEmpty)
        {
            return Invalid(original);
        }

        while (!s.IsEmpty)
        {
            if (!(s[0] == '.' || IsDigit(s[0])))
            {
                return Invalid(original);
            }

            var before = s.Length;
            if (!TryLeadingInt(ref s, out var whole))
            {
                return Invalid(original);
            }

            var hasWhole = before != s.Length;
            var fraction = 0UL;
            var scale = 1.0;
            var hasFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                before = s.Length;
                (fraction, scale) = LeadingFraction(ref s);
                hasFraction = before != s.Length;
            }

            if (!hasWhole && !hasFraction)
            {
                return Invalid(original);
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !IsDigit(s[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                return $"time: missing unit in duration {GoQuote.Quote(original)}";
            }

            var unitText = s[..unitLength];
            s = s[unitLength..];
            if (!UnitLookup.TryGetValue(unitText, out var unit))
            {
                return $"time: unknown unit {GoQuote.Quote(unitText.ToString())} in duration {GoQuote.Quote(original)}";
            }

            if (whole > Limit / unit)
            {
                return Invalid(original);
            }

            // Go does this arithmetic on uint64 and relies on wrap-around; so do we.
            unchecked
            {
                whole *= unit;
                if (fraction > 0)
                {
                    // Go uses float64 here to stay nanosecond-accurate for fractions of hours.
                    whole += (ulong)(fraction * (unit / scale));
                    if (whole > Limit)
                    {
                        return Invalid(original);
                    }
                }

                total += whole;
            }

            if (total > Limit)
            {
                return Invalid(original);
            }
        }

        if (negative)
        {
            nanoseconds = unchecked(-(long)total);
            return null;
        }

        if (total > Limit - 1)
        {
            return Invalid(original);
        }

        nanoseconds = (long)total;
        return null;
    }

    private static string Invalid(string original) => $"time: invalid duration {GoQuote.Quote(original)}";

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    /// <summary>Consumes leading digits; false when the number exceeds 1&lt;&lt;63 (Go's overflow).</summary>
    private static bool TryLeadingInt(ref ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        var i = 0;
        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            if (value > Limit / 10)
            {
                return false;
            }

            value = value * 10 + (ulong)(s[i] - '0');
            if (value > Limit)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    /// <summary>Consumes leading fraction digits; past int64 precision further digits are read but ignored, as in Go.</summary>
    private static (ulong Value, double Scale) LeadingFraction(ref ReadOnlySpan<char> s)
    {
        var value = 0UL;
        var scale = 1.0;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && IsDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (value > (Limit - 1) / 10)
            {
                overflow = true;
                continue;
            }

            var next = value * 10 + (ulong)(s[i] - '0');
            if (next > Limit)
            {
                overflow = true;
                continue;
            }

            value = next;
            scale *= 10;
        }

        s = s[i..];
        return (value, scale);
    }
}
