namespace Memoize.Core.Cache;

/// <summary>
/// Parses timestamps the way Kubernetes' metav1.Time does (Go's <c>time.Parse(time.RFC3339, ...)</c>):
/// <c>YYYY-MM-DDTHH:MM:SS</c>, optional fractional seconds, then <c>Z</c> or <c>±hh:mm</c>.
/// </summary>
internal static class Rfc3339Timestamp
{
    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="time"/> is null for Go's zero time (0001-01-01T00:00:00Z)
    /// and for instants before it, which .NET cannot represent and which are "infinitely old" anyway.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset? time)
    {
        time = null;
        var s = text.AsSpan();
        if (s.Length < 20
            || !TryDigits(s[..4], out var year) || s[4] != '-'
            || !TryDigits(s.Slice(5, 2), out var month) || s[7] != '-'
            || !TryDigits(s.Slice(8, 2), out var day) || s[10] != 'T'
            || !TryDigits(s.Slice(11, 2), out var hour) || s[13] != ':'
            || !TryDigits(s.Slice(14, 2), out var minute) || s[16] != ':'
            || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = s[19..];
        long fractionTicks = 0;
        if (rest.Length > 0 && (rest[0] == '.' || rest[0] == ','))
        {
            var digits = 1;
            while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
            {
                digits++;
            }

            if (digits == 1)
            {
                return false;
            }

            // .NET keeps 100 ns ticks: the first seven fractional digits, the rest truncated.
            var scale = 1_000_000L;
            for (var i = 1; i < digits && i <= 7; i++)
            {
                fractionTicks += (rest[i] - '0') * scale;
                scale /= 10;
            }

            rest = rest[digits..];
        }

        TimeSpan offset;
        if (rest.Length == 1 && rest[0] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':'
                 && TryDigits(rest.Slice(1, 2), out var offsetHours) && TryDigits(rest.Slice(4, 2), out var offsetMinutes)
                 && offsetHours <= 23 && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (rest[0] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks <= 0)
        {
            return true;
        }

        if (utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        time = new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
