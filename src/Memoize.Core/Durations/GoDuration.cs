namespace Memoize.Core.Durations;

/// <summary>A duration as Go's <c>time.ParseDuration</c> reads it: signed int64 nanoseconds.</summary>
public readonly record struct GoDuration(long Nanoseconds)
{
    /// <summary>Parses exactly what Go accepts; on failure <paramref name="error"/> holds Go's exact error text.</summary>
    public static bool TryParse(string text, out GoDuration duration, out string? error) => throw new NotImplementedException("issue 2");

    /// <summary>The duration as a TimeSpan (100 ns ticks, truncated).</summary>
    public TimeSpan ToTimeSpan() => TimeSpan.FromTicks(Nanoseconds / 100);
}
