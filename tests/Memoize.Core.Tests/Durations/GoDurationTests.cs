using Memoize.Core.Durations;

namespace Memoize.Core.Tests.Durations;

public class GoDurationTests
{
    private const long Second = 1_000_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;

    // SPEC.md section 2's valid examples, then the edges of Go's grammar.
    public static TheoryData<string, long> ValidDurations => new()
    {
        { "180s", 180 * Second },
        { "24h", 24 * Hour },
        { "1h30m", 90 * Minute },
        { "1.5h", 90 * Minute },
        { ".5s", Second / 2 },
        { "5.s", 5 * Second },
        { "300ms", 300_000_000 },
        { "1m1m", 2 * Minute },
        { "+5m", 5 * Minute },
        { "0", 0 },
        { "0s", 0 },
        { "-10s", -10 * Second },
        { "+0", 0 },
        { "-0", 0 },
        { "1ns", 1 },
        { "1us", 1_000 },
        { "1\u00B5s", 1_000 },
        { "1\u03BCs", 1_000 },
        { "1.5\u00B5s", 1_500 },
        { "0.5ns", 0 },
        { "0.000000001s", 1 },
        { "1h0m0.000000001s", Hour + 1 },
        { "00001s", Second },
        { "2562047h", 2562047 * Hour },
        { "2562047h47m16.854775807s", long.MaxValue },
        { "9223372036854775807ns", long.MaxValue },
        { "-2562047h47m16.854775808s", long.MinValue },
        { "-9223372036854775808ns", long.MinValue },
        { "1.00000000000000000000000000001s", Second },
    };

    // SPEC.md section 2's invalid examples with Go's exact text, then more of Go's cases.
    public static TheoryData<string, string> InvalidDurations => new()
    {
        { "1d", "time: unknown unit \"d\" in duration \"1d\"" },
        { "1w", "time: unknown unit \"w\" in duration \"1w\"" },
        { "10", "time: missing unit in duration \"10\"" },
        { "10S", "time: unknown unit \"S\" in duration \"10S\"" },
        { "1H", "time: unknown unit \"H\" in duration \"1H\"" },
        { "1hr", "time: unknown unit \"hr\" in duration \"1hr\"" },
        { " 10s", "time: invalid duration \" 10s\"" },
        { "10 s", "time: unknown unit \" s\" in duration \"10 s\"" },
        { "1m30", "time: missing unit in duration \"1m30\"" },
        { "1e3s", "time: unknown unit \"e\" in duration \"1e3s\"" },
        { "2562048h", "time: invalid duration \"2562048h\"" },
        { "-", "time: invalid duration \"-\"" },
        { "+", "time: invalid duration \"+\"" },
        { "s", "time: invalid duration \"s\"" },
        { "", "time: invalid duration \"\"" },
        { ".s", "time: invalid duration \".s\"" },
        { "-.s", "time: invalid duration \"-.s\"" },
        { "--1s", "time: invalid duration \"--1s\"" },
        { "1s ", "time: unknown unit \"s \" in duration \"1s \"" },
        { "1.2.3s", "time: missing unit in duration \"1.2.3s\"" },
        { "1_000s", "time: unknown unit \"_\" in duration \"1_000s\"" },
        { "1\u00B5", "time: unknown unit \"\u00B5\" in duration \"1\u00B5\"" },
        { "1\ts", "time: unknown unit \"\\ts\" in duration \"1\\ts\"" },
        { "1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\"" },
        { "1\u00A0s", "time: unknown unit \"\\u00a0s\" in duration \"1\\u00a0s\"" },
        { "9223372036854775808ns", "time: invalid duration \"9223372036854775808ns\"" },
        { "2562047h47m16.854775808s", "time: invalid duration \"2562047h47m16.854775808s\"" },
        { "99999999999999999999s", "time: invalid duration \"99999999999999999999s\"" },
        { "3000000h", "time: invalid duration \"3000000h\"" },
    };

    public static TheoryData<long, string> Formatted => new()
    {
        { 0, "0s" },
        { 1, "1ns" },
        { 1_100, "1.1\u00B5s" },
        { 2_200_000, "2.2ms" },
        { 3_300_000_000, "3.3s" },
        { 4 * Minute + 5 * Second, "4m5s" },
        { 4 * Minute + 5_001_000_000, "4m5.001s" },
        { 5 * Hour + 6 * Minute + 7_001_000_000, "5h6m7.001s" },
        { 8 * Minute + 1, "8m0.000000001s" },
        { Hour, "1h0m0s" },
        { -10 * Second, "-10s" },
        { long.MaxValue, "2562047h47m16.854775807s" },
        { long.MinValue, "-2562047h47m16.854775808s" },
    };

    [Theory]
    [MemberData(nameof(ValidDurations))]
    public void Parse_accepts_what_Go_accepts(string text, long nanoseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var duration, out var error), error);
        Assert.Null(error);
        Assert.Equal(nanoseconds, duration.Nanoseconds);
    }

    [Theory]
    [MemberData(nameof(InvalidDurations))]
    public void Parse_rejects_with_Gos_exact_error_text(string text, string expected)
    {
        Assert.False(GoDuration.TryParse(text, out var duration, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(default, duration);
    }

    [Fact]
    public void Parse_wraps_like_Go_when_two_pieces_sum_to_exactly_two_to_the_64()
    {
        // Go adds the pieces as uint64: 1<<63 + 1<<63 wraps to 0 and passes its overflow check.
        Assert.True(GoDuration.TryParse("-9223372036854775808ns9223372036854775808ns", out var duration, out _));
        Assert.Equal(0, duration.Nanoseconds);
    }

    [Theory]
    [MemberData(nameof(Formatted))]
    public void ToString_prints_what_Gos_Duration_String_prints(long nanoseconds, string expected) =>
        Assert.Equal(expected, new GoDuration(nanoseconds).ToString());

    [Fact]
    public void ToTimeSpan_truncates_to_ticks() =>
        Assert.Equal(TimeSpan.FromTicks(15), new GoDuration(1_599).ToTimeSpan());
}
