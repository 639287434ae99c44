using Memoize.Core.Text;

namespace Memoize.Core.Tests.Text;

public class GoQuoteTests
{
    // Expected values are what Go's strconv.Quote prints.
    [Theory]
    [InlineData("1d", "\"1d\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\t\n\r", "\"\\t\\n\\r\"")]
    [InlineData("\a\b\f\v", "\"\\a\\b\\f\\v\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("\u007f", "\"\\x7f\"")]
    [InlineData("\u0085", "\"\\u0085\"")]
    [InlineData("\u00a0", "\"\\u00a0\"")]
    [InlineData("\u00ad", "\"\\u00ad\"")]
    [InlineData("\u00b5s", "\"\u00b5s\"")]
    [InlineData("\u03bcs", "\"\u03bcs\"")]
    [InlineData("caf\u00e9 \u65e5\u672c", "\"caf\u00e9 \u65e5\u672c\"")]
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("\u3000", "\"\\u3000\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    [InlineData("\U0001F600", "\"\U0001F600\"")]
    [InlineData("\U000E0001", "\"\\U000e0001\"")]
    [InlineData("'", "\"'\"")]
    public void Quote_escapes_like_Gos_strconv_Quote(string text, string expected) => Assert.Equal(expected, GoQuote.Quote(text));

    [Fact]
    public void Quote_shows_a_lone_surrogate_as_its_code_unit() => Assert.Equal("\"a\\ud800\"", GoQuote.Quote("a\ud800"));
}
