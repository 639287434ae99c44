namespace Memoize.Cli.Tests;

public class TerminalColourTests
{
    [Theory]
    [InlineData(false, null, "xterm-256color", true)]
    [InlineData(false, "", null, true)]
    [InlineData(true, null, "xterm", false)]
    [InlineData(false, "1", "xterm", false)]
    [InlineData(false, "anything", null, false)]
    [InlineData(false, null, "dumb", false)]
    public void Colour_only_on_a_terminal_without_NO_COLOR(bool redirected, string? noColor, string? term, bool expected)
    {
        Assert.Equal(expected, TerminalColour.IsWanted(redirected, noColor, term));
    }
}
