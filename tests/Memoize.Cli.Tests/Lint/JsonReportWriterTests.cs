using Memoize.Cli.Lint;
using Memoize.Core.Rules;

namespace Memoize.Cli.Tests.Lint;

public class JsonReportWriterTests
{
    [Fact]
    public void No_findings_is_an_empty_array()
    {
        using var output = new StringWriter { NewLine = "\n" };

        JsonReportWriter.Write(new LintReport([], [], 0, 0), output);

        Assert.Equal("[]\n", output.ToString());
    }

    [Fact]
    public void Findings_are_objects_with_file_kind_name_path_severity_message_in_that_order()
    {
        var report = new LintReport(
            [
                new LintedFinding("wf.yaml", 12, "Workflow", "memoized-", new Finding(
                    "spec.templates[0].memoize.key", Severity.Error,
                    "spec.templates[0].memoize.key: Invalid value: \"my.key\": invalid cache key: e.g. \"my-key\"", "main")),
                new LintedFinding("<stdin>", 1, "WorkflowTemplate", "t", new Finding(
                    "spec.templates[1].memoize.maxAge", Severity.Warning, "spec.templates[1].memoize.maxAge: Required value: <none>", "b")),
            ],
            [],
            2,
            2);
        using var output = new StringWriter { NewLine = "\n" };

        JsonReportWriter.Write(report, output);

        Assert.Equal(
            """
            [
              {
                "file": "wf.yaml",
                "kind": "Workflow",
                "name": "memoized-",
                "path": "spec.templates[0].memoize.key",
                "severity": "error",
                "message": "spec.templates[0].memoize.key: Invalid value: \"my.key\": invalid cache key: e.g. \"my-key\""
              },
              {
                "file": "<stdin>",
                "kind": "WorkflowTemplate",
                "name": "t",
                "path": "spec.templates[1].memoize.maxAge",
                "severity": "warning",
                "message": "spec.templates[1].memoize.maxAge: Required value: <none>"
              }
            ]

            """.ReplaceLineEndings("\n"),
            output.ToString());
    }
}
