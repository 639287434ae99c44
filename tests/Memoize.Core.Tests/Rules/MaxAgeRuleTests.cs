using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class MaxAgeRuleTests
{
    private const string P = "spec.templates[0].memoize.maxAge";

    private const string Arguments = """
        [{"name": "age", "value": "1d"}, {"name": "zero", "value": "0s"}, {"name": "good", "value": "90m"}, {"name": "empty", "value": ""}, {"name": "hours", "value": "12"}]
        """;

    private static readonly string NeverExpires = $"Warning: {P}: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\"";

    private static string ZeroOrNegative(string shown) =>
        $"Warning: {P}: Invalid value: {shown}: a zero or negative maxAge makes every lookup miss, so nothing is ever reused; use a positive duration, e.g. \"24h\"";

    [Theory]
    [InlineData("180s")]
    [InlineData("24h")]
    [InlineData("1h30m")]
    [InlineData("1.5h")]
    [InlineData(".5s")]
    [InlineData("5.s")]
    [InlineData("300ms")]
    [InlineData("1m1m")]
    [InlineData("+5m")]
    [InlineData("10\u00B5s")]
    public void Valid_positive_maxAge_is_accepted(string maxAge) =>
        Assert.Empty(Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", $"\"{maxAge}\""))));

    [Theory]
    [InlineData("0")]
    [InlineData("0s")]
    [InlineData("-10s")]
    [InlineData("-0")]
    [InlineData("+0")]
    public void Zero_or_negative_maxAge_is_a_warning(string maxAge) =>
        Assert.Equal(
            [ZeroOrNegative($"\"{maxAge}\"")],
            Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", $"\"{maxAge}\""))));

    public static TheoryData<string, string> Unparseable => new()
    {
        { "1d", $"Error: {P}: Invalid value: \"1d\": time: unknown unit \"d\" in duration \"1d\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1w", $"Error: {P}: Invalid value: \"1w\": time: unknown unit \"w\" in duration \"1w\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "10", $"Error: {P}: Invalid value: \"10\": time: missing unit in duration \"10\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "10S", $"Error: {P}: Invalid value: \"10S\": time: unknown unit \"S\" in duration \"10S\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1H", $"Error: {P}: Invalid value: \"1H\": time: unknown unit \"H\" in duration \"1H\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1hr", $"Error: {P}: Invalid value: \"1hr\": time: unknown unit \"hr\" in duration \"1hr\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { " 10s", $"Error: {P}: Invalid value: \" 10s\": time: invalid duration \" 10s\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "10 s", $"Error: {P}: Invalid value: \"10 s\": time: unknown unit \" s\" in duration \"10 s\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1m30", $"Error: {P}: Invalid value: \"1m30\": time: missing unit in duration \"1m30\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1e3s", $"Error: {P}: Invalid value: \"1e3s\": time: unknown unit \"e\" in duration \"1e3s\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "2562048h", $"Error: {P}: Invalid value: \"2562048h\": time: invalid duration \"2562048h\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "-", $"Error: {P}: Invalid value: \"-\": time: invalid duration \"-\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "+", $"Error: {P}: Invalid value: \"+\": time: invalid duration \"+\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "s", $"Error: {P}: Invalid value: \"s\": time: invalid duration \"s\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "1\ts", $"Error: {P}: Invalid value: \"1\\ts\": time: unknown unit \"\\ts\" in duration \"1\\ts\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
    };

    [Theory]
    [MemberData(nameof(Unparseable))]
    public void Unparseable_maxAge_is_an_error_with_Gos_text(string maxAge, string expected) =>
        Assert.Equal([expected], Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", System.Text.Json.JsonSerializer.Serialize(maxAge)))));

    [Fact]
    public void Unparseable_maxAge_message_reads_as_pinned() =>
        Assert.Equal(
            [$"Error: {P}: Invalid value: \"1d\": time: unknown unit \"d\" in duration \"1d\"; use h, m, s, ms, us or ns, e.g. \"24h\""],
            Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", "\"1d\""))));

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    [InlineData("\"\"")]
    public void Absent_or_empty_maxAge_is_a_warning(string? maxAgeJson) =>
        Assert.Equal([NeverExpires], Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", maxAgeJson))));

    [Theory]
    [InlineData("10", "10")]
    [InlineData("1.5", "1.5")]
    [InlineData("[\"1h\"]", "[\"1h\"]")]
    public void MaxAge_that_is_not_a_string_is_an_error(string maxAgeJson, string shown) =>
        Assert.Equal(
            [$"Error: {P}: Invalid value: {shown}: maxAge must be a duration string; quote it and give a unit: use h, m, s, ms, us or ns, e.g. \"24h\""],
            Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", maxAgeJson))));

    [Theory]
    [InlineData("{{workflow.parameters.age}}", $"Error: {P}: Invalid value: \"{{{{workflow.parameters.age}}}}\" (after substitution: \"1d\"): time: unknown unit \"d\" in duration \"1d\"; use h, m, s, ms, us or ns, e.g. \"24h\"")]
    [InlineData("{{workflow.parameters.hours}}h", null)]
    [InlineData("{{workflow.parameters.good}}", null)]
    [InlineData("{{workflow.parameters.hours}}", $"Error: {P}: Invalid value: \"{{{{workflow.parameters.hours}}}}\" (after substitution: \"12\"): time: missing unit in duration \"12\"; use h, m, s, ms, us or ns, e.g. \"24h\"")]
    [InlineData("{{workflow.parameters.zero}}", $"Warning: {P}: Invalid value: \"{{{{workflow.parameters.zero}}}}\" (after substitution: \"0s\"): a zero or negative maxAge makes every lookup miss, so nothing is ever reused; use a positive duration, e.g. \"24h\"")]
    [InlineData("{{workflow.parameters.empty}}", $"Warning: {P}: Invalid value: \"{{{{workflow.parameters.empty}}}}\" (after substitution: \"\"): without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\"")]
    [InlineData("{{workflow.parameters.later}}", null)]
    [InlineData("{{inputs.parameters.age}}", null)]
    [InlineData("{{=inputs.parameters.age + 'h'}}", null)]
    public void Templated_maxAge_is_checked_once_every_value_is_known(string maxAge, string? expected) =>
        Assert.Equal(
            expected is null ? [] : [expected],
            Lint.Rule(new MaxAgeRule(), Manifest.WithMemoize(Manifest.Block("maxAge", $"\"{maxAge}\""), """[{"name": "age"}]""", Arguments)));
}
