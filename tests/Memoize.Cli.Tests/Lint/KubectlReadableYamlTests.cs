using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Lint;

/// <summary>
/// Files shaped like real Argo workflow files that kubectl and Argo (Go's YAML reader) accept: lint reads them
/// too, and the line of a finding is the line of the field. Each file seeds one error (a <c>maxAge</c> in days).
/// </summary>
public sealed class KubectlReadableYamlTests : IDisposable
{
    private const string DaysMessage =
        "spec.templates[0].memoize.maxAge: Invalid value: \"1d\": time: unknown unit \"d\" in duration \"1d\"; "
        + "use h, m, s, ms, us or ns, e.g. \"24h\"";

    /// <summary>The seeded memoize block (4 lines) with maxAge "1d" on its third line.</summary>
    private const string Memoize = """
              memoize:
                key: "my-key"
                maxAge: "1d"
                cache: {configMap: {name: my-cache}}

        """;

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>Name, file text (written as a person writes it) and the line of <c>maxAge</c>.</summary>
    public static TheoryData<string, string, int> Files => new()
    {
        // Argo examples/ (e.g. loops-maps.yaml, scripts): a shell script in a quoted string inside `args: [...]`,
        // continuation lines and the closing quote no deeper than `args` (YamlDotNet alone refuses this).
        { "quoted-args-in-flow-sequence", Head("quoted-args") + """
                  container:
                    image: alpine:3.20
                    command: [sh, -c]
                    args: ["
                    echo hello;
                    echo world
                    "]

            """ + Memoize, 18 },

        // The same in a block sequence item, with an escaped line break and a blank line kept by the string.
        { "quoted-multiline-in-block", Head("quoted-block") + """
                  container:
                    image: alpine:3.20
                    args:
                    - "echo one; \
                    echo two;

                    echo three"

            """ + Memoize, 18 },

        // Long plain (unquoted) scalars folded over lines, in block and flow context (Argo's dag examples).
        { "plain-multiline", Head("plain") + """
                  container:
                    image: alpine:3.20
                    command: [sh, -c, echo this is
                      one long plain
                      argument]
                    args:
                      - echo a plain scalar
                        over two lines

            """ + Memoize, 19 },

        // Kustomize/Helm-rendered files: anchors, aliases and merge keys for shared container settings.
        { "anchors-and-merge-keys", """
            # shared settings, as in many "DRY" workflow repositories
            x-defaults: &defaults
              image: alpine:3.20
              imagePullPolicy: IfNotPresent
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              name: anchors
            spec:
              entrypoint: main
              templates:
                - name: main
                  container:
                    <<: *defaults
                    command: [echo, hi]
                  memoize: &memo
                    key: "my-key"
                    maxAge: "1d"
                    cache: {configMap: {name: my-cache}}

            """, 18 },

        // Explicit tags, as some generators (and `yq`) write them.
        { "explicit-tags", Head("tags") + """
                  container:
                    image: !!str alpine:3.20
                    args: [!!str 123]
                  memoize:
                    key: !!str my-key
                    maxAge: !!str 1d
                    cache: {configMap: {name: my-cache}}

            """, 14 },

        // Files saved by Windows editors: a UTF-8 byte order mark and CRLF line ends.
        { "bom-and-crlf", "\uFEFF" + (Head("windows") + """
                  container: {image: alpine:3.20}

            """ + Memoize).Replace("\n", "\r\n", StringComparison.Ordinal), 12 },

        // Tabs where YAML allows them: after the colon, inside flow collections, before comments.
        { "tabs-where-allowed", Head("tabs") + "      container:\t{image:\talpine:3.20,\tcommand: [echo,\thi]}\t# tabbed\n" + """
                  memoize:
                    key:	"my-key"
                    maxAge:	"1d"
                    cache: {configMap: {name: my-cache}}

            """, 12 },

        // `kubectl get -o yaml`-style streams: comments around `---`, a ConfigMap first, a trailing `...`.
        { "separators-comments-and-end-marker", """
            # Source: charts/pipelines/templates/cache.yaml
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: my-cache
            --- # the workflow
            # Source: charts/pipelines/templates/workflow.yaml
            """ + "\n" + Head("stream") + """
                  container: {image: alpine:3.20}

            """ + Memoize + "...\n", 20 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void A_file_kubectl_reads_is_linted_with_the_finding_on_its_line(string name, string text, int line)
    {
        var file = temp.Write(name + ".yaml", text);

        var result = CliResult.Run("", "lint", file);

        Assert.Equal(
            [$"{name}.yaml:{line}: Workflow/{WorkflowName(text)}: error: {DaysMessage}", "1 object checked in 1 file: 1 error"],
            result.StdoutLines.Select(l => l.Replace(temp.Path + Path.DirectorySeparatorChar, "", StringComparison.Ordinal)));
        Assert.Equal((1, ""), (result.ExitCode, result.Stderr));
    }

    [Fact]
    public void A_duplicated_key_is_a_warning_naming_the_key_and_both_lines_and_the_last_one_wins()
    {
        // Seen in the wild: a copied `annotations` block (kubectl keeps the second, see kubernetes/kubernetes#89303).
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              annotations:
                team: a
              name: twice
              annotations:
                team: b
            spec:
              entrypoint: main
              templates:
                - name: main
                  container: {image: alpine:3.20}
                  memoize:
                    key: "my-key"
                    maxAge: "24h"
                    cache: {configMap: {name: my-cache}}

            """;
        var file = temp.Write("twice.yaml", yaml);

        var result = CliResult.Run("", "lint", file);

        Assert.Equal(
            (0, "", $"{file}:7: Workflow/twice: warning: metadata.annotations: duplicate key \"annotations\" (lines 4 and 7): "
                + "the last one wins, as kubectl reads it; remove one\n1 object checked in 1 file: 1 warning\n"),
            (result.ExitCode, result.Stderr, result.Stdout));
    }

    [Fact]
    public void A_duplicated_key_inside_a_list_item_is_reported_against_that_item()
    {
        const string yaml = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: argoproj.io/v1alpha1
                kind: WorkflowTemplate
                metadata:
                  name: listed
                spec:
                  templates:
                    - name: main
                      memoize:
                        key: "a"
                        key: "b"
                        maxAge: "24h"
                        cache: {configMap: {name: my-cache}}

            """;

        var result = CliResult.Run(yaml, "lint", "-o", "json", "-");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            [
              {
                "file": "<stdin>",
                "kind": "WorkflowTemplate",
                "name": "listed",
                "path": "spec.templates[0].memoize.key",
                "severity": "warning",
                "message": "spec.templates[0].memoize.key: duplicate key \"key\" (lines 12 and 13): the last one wins, as kubectl reads it; remove one"
              }
            ]

            """,
            result.Stdout);
    }

    private static string Head(string name) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata:
          name: {name}
        spec:
          entrypoint: main
          templates:
            - name: main

        """;



    private static string WorkflowName(string text) =>
        text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("name: ", StringComparison.Ordinal) && !l.Contains("cache", StringComparison.Ordinal))[6..];
}
