namespace Memoize.Cli;

/// <summary>Decides whether output may carry ANSI colour.</summary>
public static class TerminalColour
{
    /// <summary>
    /// Colour only on a terminal, and never when NO_COLOR is set to anything (https://no-color.org) or TERM is <c>dumb</c>.
    /// </summary>
    public static bool IsWanted(bool outputRedirected, string? noColor, string? term) =>
        !outputRedirected && string.IsNullOrEmpty(noColor) && term != "dumb";
}
