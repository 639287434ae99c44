using System.CommandLine;
using Memoize.Cli.Commands;

namespace Memoize.Cli;

/// <summary>The <c>memoize</c> command line, runnable in-process against any console.</summary>
public static class MemoizeCommandLine
{
    /// <summary>Exit code for a command line that cannot be understood, or a failure that is not a verdict.</summary>
    public const int ExitUsage = 2;

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create(ConsoleStreams console) =>
        new("memoize: make Argo Workflows step-level memoization safe.")
        {
            LintCommand.Create(console),
        };

    /// <summary>Parses <paramref name="args"/>, runs the command and returns its exit code; never throws.</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool colour)
    {
        var console = new ConsoleStreams(stdin, stdout, stderr, colour);
        try
        {
            // No response files: an argument starting with '@' is a path, not a list of more arguments.
            var parseResult = Create(console).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
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
