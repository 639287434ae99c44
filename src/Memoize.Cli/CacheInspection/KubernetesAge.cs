using System.Globalization;

namespace Memoize.Cli.CacheInspection;

/// <summary>Ages as kubectl prints them in its tables (apimachinery's HumanDuration): 45s, 5m30s, 3h, 2d5h, 400d, 3y.</summary>
public static class KubernetesAge
{
    /// <summary>The text kubectl shows where there is no value.</summary>
    public const string None = "<none>";

    /// <summary>The age of <paramref name="time"/> at <paramref name="now"/>, or <see cref="None"/> when there is no time.</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) => time is { } t ? Format(now - t) : None;

    /// <summary>
    /// Formats <paramref name="age"/> with kubectl's precision: seconds below 2 minutes, minutes and seconds below
    /// 10 minutes, minutes below 3 hours, hours and minutes below 8 hours, hours below 2 days, days and hours below
    /// 8 days, days below 2 years, years and days below 8 years, then years. A little in the future (clock skew) is 0s.
    /// </summary>
    public static string Format(TimeSpan age)
    {
        var seconds = (long)Math.Floor(age.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 2 * 60)
        {
            return Text(seconds, "s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return Pair(minutes, "m", seconds % 60, "s");
        }

        if (minutes < 3 * 60)
        {
            return Text(minutes, "m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return Pair(hours, "h", minutes % 60, "m");
        }

        if (hours < 48)
        {
            return Text(hours, "h");
        }

        var days = hours / 24;
        if (hours < 24 * 8)
        {
            return Pair(days, "d", hours % 24, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text(days, "d");
        }

        var years = days / 365;
        return hours < 24 * 365 * 8 ? Pair(years, "y", days % 365, "d") : Text(years, "y");
    }

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? Text(major, majorUnit) : Text(major, majorUnit) + Text(minor, minorUnit);
}
