using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.TestManifests;

namespace Memoize.Cli.Tests.Commands;

public sealed class LintCommandTests : IDisposable
{
    private const string BadKeyMessage =
        "spec.templates[0].memoize.key: Invalid value: \"my.key\": invalid cache key: a key must start with a letter or digit "
        + "and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$), e.g. \"my-key\"";

    private const string NoMaxAgeMessage =
        "spec.templates[0].memoize.maxAge: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\"";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_clean_workflow_on_stdin_exits_0_with_a_clean_summary()
    {
        var result = CliResult.Run(Workflow("hello", GoodMemoize), "lint", "-");

        Assert.Equal((0, "1 object checked in 1 file: no problems\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void An_invalid_key_on_stdin_exits_1_naming_stdin_the_line_the_object_and_the_rule()
    {
        var result = CliResult.Run(Workflow("hello", MemoizeWithKey("\"my.key\"")), "lint", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"<stdin>:11: Workflow/hello: error: {BadKeyMessage}", "1 object checked in 1 file: 1 error"],
            result.StdoutLines);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Warnings_alone_exit_0_and_are_marked_as_warnings()
    {
        const string noMaxAge = """
                  memoize:
                    key: "my-key"
                    cache: {configMap: {name: my-cache}}
            """;

        var result = CliResult.Run(Workflow("hello", noMaxAge), "lint", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            [$"<stdin>:10: Workflow/hello: warning: {NoMaxAgeMessage}", "1 object checked in 1 file: 1 warning"],
            result.StdoutLines);
    }

    [Fact]
    public void Every_document_of_a_multi_document_file_is_linted_with_lines_counted_from_the_file_start()
    {
        var file = temp.Write("all.yaml", string.Join(
            "---\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: my-cache\n",
            Workflow("first", GoodMemoize),
            Workflow("second", MemoizeWithKey("\"my.key\""))));

        var result = CliResult.Run("", "lint", file);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [$"{file}:32: Workflow/second: error: {BadKeyMessage}", "2 objects checked in 1 file: 1 error"],
            result.StdoutLines);
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public void Stdin_with_a_byte_order_mark_is_read_like_any_other(string format)
    {
        var manifest = format == "json"
            ? "{\"apiVersion\": \"argoproj.io/v1alpha1\", \"kind\": \"Workflow\", \"metadata\": {\"name\": \"hello\"}, \"spec\": {\"templates\": []}}"
            : Workflow("hello", GoodMemoize);

        var result = CliResult.Run("\uFEFF" + manifest, "lint", "-");

        Assert.Equal((0, "1 object checked in 1 file: no problems\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Generate_name_objects_are_named_by_their_prefix()
    {
        var yaml = Workflow("unused", MemoizeWithKey("\"my.key\"")).Replace("  name: unused", "  generateName: memoized-", StringComparison.Ordinal);

        var result = CliResult.Run(yaml, "lint", "-");

        Assert.Equal($"<stdin>:11: Workflow/memoized-: error: {BadKeyMessage}", result.StdoutLines[0]);
    }

    [Fact]
    public void Items_of_a_kubectl_list_are_linted_one_by_one()
    {
        var item = Workflow("listed", MemoizeWithKey("\"my.key\""));
        var indented = string.Join("\n", item.TrimEnd('\n').Split('\n').Select((line, i) => (i == 0 ? "  - " : "    ") + line));
        var list = $"apiVersion: v1\nkind: List\nitems:\n{indented}\n";

        var result = CliResult.Run(list, "lint", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal([$"<stdin>:14: Workflow/listed: error: {BadKeyMessage}", "1 object checked in 1 file: 1 error"], result.StdoutLines);
    }

    [Fact]
    public void Json_manifests_are_linted_with_their_lines()
    {
        var file = temp.Write("wf.json", """
            {
              "apiVersion": "argoproj.io/v1alpha1",
              "kind": "Workflow",
              "metadata": {"name": "from-json"},
              "spec": {
                "templates": [
                  {
                    "name": "main",
                    "memoize": {"key": "my.key", "maxAge": "24h", "cache": {"configMap": {"name": "my-cache"}}}
                  }
                ]
              }
            }
            """);

        var result = CliResult.Run("", "lint", file);

        Assert.Equal([$"{file}:9: Workflow/from-json: error: {BadKeyMessage}", "1 object checked in 1 file: 1 error"], result.StdoutLines);
    }

    [Fact]
    public void Json_output_is_an_array_of_findings_with_fixed_keys()
    {
        var result = CliResult.Run(Workflow("hello", MemoizeWithKey("\"my.key\"")), "lint", "--output", "json", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $$"""
            [
              {
                "file": "<stdin>",
                "kind": "Workflow",
                "name": "hello",
                "path": "spec.templates[0].memoize.key",
                "severity": "error",
                "message": {{System.Text.Json.JsonSerializer.Serialize(BadKeyMessage, RelaxedJson.Options)}}
              }
            ]

            """.ReplaceLineEndings("\n"),
            result.Stdout);
    }

    [Theory]
    [InlineData("--output", "json")]
    [InlineData("-o", "json")]
    public void Json_output_without_findings_is_an_empty_array(string option, string value)
    {
        var result = CliResult.Run(Workflow("hello", GoodMemoize), "lint", option, value, "-");

        Assert.Equal((0, "[]\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void A_file_that_does_not_parse_exits_2_after_linting_the_others()
    {
        var broken = temp.Write("a-broken.yaml", "kind: Workflow\nspec:\n  templates: [\n");
        var bad = temp.Write("b-bad.yaml", Workflow("hello", MemoizeWithKey("\"my.key\"")));

        var result = CliResult.Run("", "lint", temp.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{broken}:4:1: cannot parse YAML: While parsing a node, did not find expected node content"], result.StderrLines);
        Assert.Equal(
            [$"{bad}:11: Workflow/hello: error: {BadKeyMessage}", "1 object checked in 1 file: 1 error; 1 file not linted (see errors above)"],
            result.StdoutLines);
    }

    [Fact]
    public void A_json_file_that_does_not_parse_names_file_line_and_column()
    {
        var broken = temp.Write("wf.json", "{\n  \"kind\": \"Workflow\",\n  \"spec\": }\n");

        var result = CliResult.Run("", "lint", "-o", "json", broken);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"{broken}:3:11: cannot parse JSON: '}}' is an invalid start of a value"], result.StderrLines);
        Assert.Equal("[]\n", result.Stdout);
    }

    [Fact]
    public void A_missing_file_exits_2_saying_it_cannot_be_read()
    {
        var missing = Path.Combine(temp.Path, "nope.yaml");

        var result = CliResult.Run("", "lint", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([$"memoize lint: cannot read {missing}: no such file or directory"], result.StderrLines);
        Assert.Equal(["0 objects checked in 0 files: no problems; 1 file not linted (see errors above)"], result.StdoutLines);
    }

    [Fact]
    public void A_directory_without_manifests_is_fine()
    {
        temp.Write("README.md", "# nothing to lint");

        var result = CliResult.Run("", "lint", temp.Path);

        Assert.Equal((0, "0 objects checked in 0 files: no problems\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Documents_that_are_not_argo_objects_are_skipped()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n- a list\n---\nplain text\n";

        var result = CliResult.Run(yaml, "lint", "-");

        Assert.Equal((0, "0 objects checked in 1 file: no problems\n"), (result.ExitCode, result.Stdout));
    }

    [Fact]
    public void A_numeric_max_age_is_an_error_while_a_quoted_numeric_key_is_fine()
    {
        var memoize = """
                  memoize:
                    key: "123"
                    maxAge: 10
                    cache: {configMap: {name: my-cache}}
            """;

        var result = CliResult.Run(Workflow("hello", memoize), "lint", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "<stdin>:12: Workflow/hello: error: spec.templates[0].memoize.maxAge: Invalid value: 10: maxAge must be a duration string; "
                + "quote it and give a unit: use h, m, s, ms, us or ns, e.g. \"24h\"",
                "1 object checked in 1 file: 1 error",
            ],
            result.StdoutLines);
    }

    [Fact]
    public void Errors_and_warnings_from_several_files_add_up_in_the_summary()
    {
        temp.Write("one.yaml", Workflow("one", MemoizeWithKey("\"my.key\"")));
        temp.Write("two.yml", Workflow("two", "      memoize:\n        key: \"my-key\"\n        cache: {configMap: {name: my-cache}}"));

        var result = CliResult.Run("", "lint", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("2 objects checked in 2 files: 1 error, 1 warning", result.StdoutLines[^1]);
    }

    [Fact]
    public void Colour_on_a_terminal_marks_errors_in_red()
    {
        var result = CliResult.Run(Workflow("hello", MemoizeWithKey("\"my.key\"")), colour: true, "lint", "-");

        Assert.StartsWith("\u001b[1m<stdin>:11:\u001b[0m Workflow/hello: \u001b[1;31merror:\u001b[0m spec.templates[0].memoize.key: ", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "lint" }, "memoize: Required argument missing for command: 'lint'.", "Run 'memoize lint --help' for usage.")]
    [InlineData(new[] { "lint", "--output", "xml", "-" }, "memoize: Argument 'xml' not recognized. Must be one of:", "Run 'memoize lint --help' for usage.")]
    [InlineData(new[] { "lint", "--bogus", "-" }, "memoize: unknown option '--bogus' (options: --output text|json); to lint a file named so, write ./--bogus", "Run 'memoize lint --help' for usage.")]
    [InlineData(new string[0], "memoize: Required command was not provided.", "Run 'memoize --help' for usage.")]
    public void A_command_line_that_cannot_be_understood_exits_2_with_a_hint(string[] args, string firstLine, string lastLine)
    {
        var result = CliResult.Run("", args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(firstLine, result.StderrLines[0]);
        Assert.Equal(lastLine, result.StderrLines[^1]);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Lint_help_shows_usage_and_exit_codes()
    {
        var result = CliResult.Run("", "lint", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(" lint <PATH>... [options]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("-o, --output <text|json>", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit code: 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read or parsed.", result.Stdout, StringComparison.Ordinal);
    }
}
