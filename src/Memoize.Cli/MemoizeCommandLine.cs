using System.CommandLine;
using Memoize.Cli.Commands;

namespace Memoize.Cli;

/// <summary>The <c>memoize</c> command line, runnable in-process against any console.</summary>
public static class MemoizeCommandLine
{
    /// <summary>Exit code for a command line that cannot be understood, or a failure that is not a verdict.</summary>
    public const int ExitUsage = 2;

    /// <summary>Exit code for a thing that is not there (a cache, an entry) or an operation refused for safety.</summary>
    public const int ExitNotFoundOrRefused = 1;

    /// <summary>Exit code when the cluster cannot be reached or the API server answers with a failure.</summary>
    public const int ExitClusterFailure = 3;

    /// <summary>The root command with every subcommand; <paramref name="clock"/> (default: the system's) dates ages and certificates.</summary>
    public static RootCommand Create(ConsoleStreams console, TimeProvider? clock = null) =>
        new("memoize: make Argo Workflows step-level memoization safe.")
        {
            LintCommand.Create(console),
            CacheCommand.Create(console, clock ?? TimeProvider.System),
            CertsCommand.Create(console, clock ?? TimeProvider.System),
        };

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code; never throws.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool colour, TimeProvider? clock = null)
    {
        var console = new ConsoleStreams(stdin, stdout, stderr, colour);
        try
        {
            // No response files: an argument starting with '@' is a path, not a list of more arguments.
            var parseResult = Create(console, clock).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parseResult.Errors.Count > 0)
            {
                foreach (var error in parseResult.Errors)
                {
                    stderr.WriteLine($"memoize: {error.Message}");
                }

                stderr.WriteLine($"Run '{HelpCommandFor(parseResult)} --help' for usage.");
                return ExitUsage;
            }

            return parseResult.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception e)
        {
            // Never a stack trace to a user: say what failed in one line.
            stderr.WriteLine($"memoize: unexpected failure: {e.Message}");
            return ExitUsage;
        }
    }

    private static string HelpCommandFor(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        names[0] = "memoize";
        return string.Join(' ', names);
    }
}
