using Memoize.Cli.Lint;
using Memoize.Core.Rules;

namespace Memoize.Cli.Tests.Lint;

public class TextReportWriterTests
{
    private static readonly LintedFinding Error = new(
        "wf.yaml", 12, "Workflow", "hello",
        new Finding("spec.templates[0].memoize.key", Severity.Error, "spec.templates[0].memoize.key: Required value: a key", "main"));

    private static readonly LintedFinding Warning = new(
        "<stdin>", 3, "CronWorkflow", "memoized-",
        new Finding("spec.workflowSpec.templates[1].memoize.maxAge", Severity.Warning, "spec.workflowSpec.templates[1].memoize.maxAge: Required value: no maxAge", "b"));

    [Theory]
    [InlineData(0, 0, 0, 0, 0, "0 objects checked in 0 files: no problems")]
    [InlineData(1, 1, 0, 0, 0, "1 object checked in 1 file: no problems")]
    [InlineData(3, 2, 1, 0, 0, "3 objects checked in 2 files: 1 error")]
    [InlineData(3, 2, 2, 1, 0, "3 objects checked in 2 files: 2 errors, 1 warning")]
    [InlineData(3, 2, 0, 2, 0, "3 objects checked in 2 files: 2 warnings")]
    [InlineData(1, 1, 1, 0, 1, "1 object checked in 1 file: 1 error; 1 file not linted (see errors above)")]
    [InlineData(0, 0, 0, 0, 2, "0 objects checked in 0 files: no problems; 2 files not linted (see errors above)")]
    public void Summary_counts_objects_files_errors_and_warnings_in_good_english(
        int objects, int files, int errors, int warnings, int unreadable, string expected)
    {
        var findings = Enumerable.Repeat(Error, errors).Concat(Enumerable.Repeat(Warning, warnings)).ToList();
        var fileErrors = Enumerable.Repeat("memoize lint: cannot read x: gone", unreadable).ToList();

        Assert.Equal(expected, TextReportWriter.Summary(new LintReport(findings, fileErrors, objects, files)));
    }

    [Fact]
    public void Each_finding_is_one_line_with_file_line_object_severity_and_message()
    {
        using var output = new StringWriter { NewLine = "\n" };

        TextReportWriter.Write(new LintReport([Error, Warning], [], 2, 2), output, colour: false);

        Assert.Equal(
            "wf.yaml:12: Workflow/hello: error: spec.templates[0].memoize.key: Required value: a key\n"
            + "<stdin>:3: CronWorkflow/memoized-: warning: spec.workflowSpec.templates[1].memoize.maxAge: Required value: no maxAge\n"
            + "2 objects checked in 2 files: 1 error, 1 warning\n",
            output.ToString());
    }

    [Fact]
    public void Colour_marks_location_and_severity_with_ansi_codes_only_when_asked()
    {
        using var output = new StringWriter { NewLine = "\n" };

        TextReportWriter.Write(new LintReport([Error, Warning], [], 2, 2), output, colour: true);

        Assert.Equal(
            "\u001b[1mwf.yaml:12:\u001b[0m Workflow/hello: \u001b[1;31merror:\u001b[0m spec.templates[0].memoize.key: Required value: a key\n"
            + "\u001b[1m<stdin>:3:\u001b[0m CronWorkflow/memoized-: \u001b[1;33mwarning:\u001b[0m spec.workflowSpec.templates[1].memoize.maxAge: Required value: no maxAge\n"
            + "2 objects checked in 2 files: 1 error, 1 warning\n",
            output.ToString());
    }

    [Fact]
    public void A_clean_summary_is_green_on_a_terminal()
    {
        using var output = new StringWriter { NewLine = "\n" };

        TextReportWriter.Write(new LintReport([], [], 1, 1), output, colour: true);

        Assert.Equal("\u001b[32m1 object checked in 1 file: no problems\u001b[0m\n", output.ToString());
    }
}
