namespace Memoize.Cli.Tests.Support;

/// <summary>What one in-process run of the memoize command line produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output split into lines, without the final empty one.</summary>
    public IReadOnlyList<string> StdoutLines => Lines(Stdout);

    /// <summary>Standard error split into lines, without the final empty one.</summary>
    public IReadOnlyList<string> StderrLines => Lines(Stderr);

    /// <summary>Runs <c>memoize ARGS</c> in-process with <paramref name="stdin"/> as standard input, without colour.</summary>
    public static CliResult Run(string stdin, params string[] args) => Run(stdin, false, args);

    /// <summary>Runs <c>memoize ARGS</c> in-process.</summary>
    public static CliResult Run(string stdin, bool colour, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = MemoizeCommandLine.Run(args, new StringReader(stdin), output, error, colour);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private static IReadOnlyList<string> Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}
