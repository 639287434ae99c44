using System.CommandLine;
using Memoize.Cli.Lint;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize lint [--output text|json] PATH...</c>: checks memoize blocks in manifests before they reach a cluster.</summary>
public static class LintCommand
{
    /// <summary>The <c>lint</c> command, writing to <paramref name="console"/>.</summary>
    public static Command Create(ConsoleStreams console)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: text for people, json for machines (an array of findings).",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");

        var paths = new Argument<string[]>("PATH")
        {
            Description = "Files, directories (searched recursively for *.yaml, *.yml, *.json) or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };

        // The parser hands unknown options to the argument; say so instead of "cannot read --bogus".
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && token.Value != "-")
                {
                    result.AddError($"unknown option '{token.Value}' (options: --output text|json); to lint a file named so, write ./{token.Value}");
                }
            }
        });

        var command = new Command(
            "lint",
            "Check the memoize blocks of Argo Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows. "
            + "Exit code: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read or parsed.")
        {
            output,
            paths,
        };
        command.SetAction(parseResult =>
        {
            var report = ManifestLinter.Lint(parseResult.GetValue(paths) ?? [], console.In);
            foreach (var error in report.FileErrors)
            {
                console.Error.WriteLine(error);
            }

            if (parseResult.GetValue(output) == "json")
            {
                JsonReportWriter.Write(report, console.Out);
            }
            else
            {
                TextReportWriter.Write(report, console.Out, console.Colour);
            }

            return report.ExitCode;
        });
        return command;
    }
}
