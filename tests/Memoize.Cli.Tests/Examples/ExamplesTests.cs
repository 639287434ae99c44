using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Examples;

/// <summary>The workflows under examples/ say what lint says about them; these tests keep them honest.</summary>
public class ExamplesTests
{
    private const string Key = "spec.templates[0].memoize.key";
    private const string Cache = "spec.templates[0].memoize.cache";
    private const string MaxAge = "spec.templates[0].memoize.maxAge";
    private const string KeyRule = "invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$)";

    private static readonly string ExamplesPath = Path.Combine(RepositoryRoot.Path, "examples");

    /// <summary>Each invalid example and the one finding it must produce (the pinned core messages).</summary>
    public static TheoryData<string, string> InvalidExamples => new()
    {
        { "key-bad-characters.yaml", $"{Key}: Invalid value: \"my.key\": {KeyRule}, e.g. \"my-key\"" },
        { "key-too-long.yaml", $"{Key}: Too long: the cache key has 300 characters, at most 253 are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output" },
        { "key-missing.yaml", $"{Key}: Required value: a memoize block needs a cache key, e.g. key: \"{{{{inputs.parameters.message}}}}\"" },
        { "key-unresolvable-input.yaml", $"{Key}: Invalid value: \"{{{{inputs.parameters.nope}}}}\": template \"main\" declares no input parameter \"nope\"; declare it under inputs.parameters, e.g. inputs: {{parameters: [{{name: nope}}]}}" },
        { "key-unresolvable-workflow-parameter.yaml", $"{Key}: Invalid value: \"{{{{workflow.parameters.nope}}}}\": the workflow declares no parameter \"nope\" under spec.arguments.parameters; add it, e.g. arguments: {{parameters: [{{name: nope, value: \"x\"}}]}}" },
        { "key-invalid-after-substitution.yaml", $"{Key}: Invalid value: \"{{{{workflow.parameters.file}}}}\" (after substitution: \"a.txt\"): {KeyRule}, e.g. \"a-txt\"" },
        { "cache-missing.yaml", $"{Cache}: Required value: a memoize block needs a cache ConfigMap, e.g. cache: {{configMap: {{name: my-cache}}}}" },
        { "cache-configmap-missing.yaml", $"{Cache}.configMap: Required value: the cache needs a ConfigMap, e.g. configMap: {{name: my-cache}}" },
        { "cache-name-missing.yaml", $"{Cache}.configMap.name: Required value: the cache ConfigMap needs a name, e.g. name: my-cache" },
        { "cache-name-invalid.yaml", $"{Cache}.configMap.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters, e.g. \"bad-name\"" },
        { "maxage-number.yaml", $"{MaxAge}: Invalid value: 10: maxAge must be a duration string; quote it and give a unit: use h, m, s, ms, us or ns, e.g. \"24h\"" },
        { "maxage-unparseable.yaml", $"{MaxAge}: Invalid value: \"1d\": time: unknown unit \"d\" in duration \"1d\"; use h, m, s, ms, us or ns, e.g. \"24h\"" },
    };

    /// <summary>Each warning-only example and the warning it must produce.</summary>
    public static TheoryData<string, string> WarningExamples => new()
    {
        { "maxage-zero.yaml", $"{MaxAge}: Invalid value: \"0s\": a zero or negative maxAge makes every lookup miss, so nothing is ever reused; use a positive duration, e.g. \"24h\"" },
        { "maxage-absent.yaml", $"{MaxAge}: Required value: without maxAge cached entries never expire; set one, e.g. maxAge: \"24h\"" },
        { "key-expression.yaml", $"{Key}: Invalid value: \"{{{{=sprig.trunc(8, inputs.parameters.sha)}}}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid cache key" },
    };

    /// <summary>Every example file, for the test that checks its leading comment.</summary>
    public static TheoryData<string> AllExamples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ExamplesPath, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(InvalidExamples))]
    public void Each_invalid_example_fails_lint_with_exactly_its_rule(string file, string message)
    {
        var result = Lint(Path.Combine("examples", "invalid", file));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal(2, result.StdoutLines.Count);
        Assert.EndsWith($": error: {message}", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal("1 object checked in 1 file: 1 error", result.StdoutLines[1]);
    }

    [Theory]
    [MemberData(nameof(WarningExamples))]
    public void Each_warning_example_passes_lint_with_exactly_its_warning(string file, string message)
    {
        var result = Lint(Path.Combine("examples", "warnings", file));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(2, result.StdoutLines.Count);
        Assert.EndsWith($": warning: {message}", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Equal("1 object checked in 1 file: 1 warning", result.StdoutLines[1]);
    }

    [Fact]
    public void Every_invalid_and_warning_example_is_covered_by_a_test()
    {
        var tested = InvalidExamples.Select(row => Path.Combine("invalid", (string)row[0]))
            .Concat(WarningExamples.Select(row => Path.Combine("warnings", (string)row[0])))
            .Order(StringComparer.Ordinal);
        var present = Directory.EnumerateFiles(Path.Combine(ExamplesPath, "invalid"))
            .Concat(Directory.EnumerateFiles(Path.Combine(ExamplesPath, "warnings")))
            .Select(file => Path.GetRelativePath(ExamplesPath, file))
            .Order(StringComparer.Ordinal);

        Assert.Equal(tested, present);
    }

    [Fact]
    public void The_valid_examples_lint_clean()
    {
        var result = Lint(Path.Combine("examples", "valid"));

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var summary = Assert.Single(result.StdoutLines);
        Assert.Matches(@"^\d+ objects checked in \d+ files: no problems$", summary);
    }

    [Theory]
    [MemberData(nameof(AllExamples))]
    public void Each_example_comment_shows_what_lint_really_prints(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, file));
        var header = $"# memoize lint {file.Replace('\\', '/')} prints";
        var start = Array.FindIndex(lines, line => line.StartsWith(header, StringComparison.Ordinal));
        if (start < 0)
        {
            Assert.DoesNotContain(lines, line => line.StartsWith("# memoize lint ", StringComparison.Ordinal));
            return; // A valid example: it describes the pattern, not lint output.
        }

        var expectedExit = int.Parse(lines[start][(lines[start].LastIndexOf(' ') + 1)..].TrimEnd(')', ':'), System.Globalization.CultureInfo.InvariantCulture);
        var expected = lines.Skip(start + 1).TakeWhile(line => line.StartsWith("#   ", StringComparison.Ordinal)).Select(line => line[4..]);

        var result = Lint(file);

        Assert.Equal(expectedExit, result.ExitCode);
        Assert.Equal(expected, result.StdoutLines);
    }

    // Lints a path relative to the repository root and shows file names relative to it, as `make lint` would.
    private static CliResult Lint(string relativePath)
    {
        var result = CliResult.Run("", "lint", Path.Combine(RepositoryRoot.Path, relativePath));
        var prefix = RepositoryRoot.Path + Path.DirectorySeparatorChar;
        return result with
        {
            Stdout = result.Stdout.Replace(prefix, "", StringComparison.Ordinal),
            Stderr = result.Stderr.Replace(prefix, "", StringComparison.Ordinal),
        };
    }
}
