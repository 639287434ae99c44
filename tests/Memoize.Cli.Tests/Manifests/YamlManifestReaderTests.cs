using Memoize.Cli.Manifests;

namespace Memoize.Cli.Tests.Manifests;

public class YamlManifestReaderTests
{
    [Fact]
    public void Multi_document_stream_yields_each_document_with_its_starting_line()
    {
        const string yaml = "# leading comment\nkind: A\n---\nkind: B\nother: 1\n---\n\n---\nkind: C\n";

        var documents = YamlManifestReader.Read(yaml);

        Assert.Equal(["{\"kind\":\"A\"}", "{\"kind\":\"B\",\"other\":1}", "{\"kind\":\"C\"}"], documents.Select(d => d.Content.ToJsonString()));
        Assert.Equal([2, 4, 9], documents.Select(d => d.Line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n---\n")]
    [InlineData("~\n")]
    public void Empty_documents_are_skipped(string yaml)
    {
        Assert.Empty(YamlManifestReader.Read(yaml));
    }

    [Fact]
    public void Anchors_aliases_and_merge_keys_expand_as_kubectl_expands_them()
    {
        const string yaml = "base: &base {maxAge: 1h, key: a}\ncopy: *base\nmerged:\n  <<: *base\n  key: b\n";

        var document = Assert.Single(YamlManifestReader.Read(yaml));

        Assert.Equal(
            "{\"base\":{\"maxAge\":\"1h\",\"key\":\"a\"},\"copy\":{\"maxAge\":\"1h\",\"key\":\"a\"},\"merged\":{\"key\":\"b\",\"maxAge\":\"1h\"}}",
            document.Content.ToJsonString());
    }

    [Theory]
    [InlineData("a: 1\n b: 2\n", "2:3: cannot parse YAML: While scanning a plain scalar value, found invalid mapping")]
    [InlineData("a: [1, 2\n", "2:1: cannot parse YAML: While parsing a flow sequence, did not find expected ',' or ']'")]
    [InlineData("a: *nope\n", "1:4: cannot parse YAML: the alias *nope refers to no anchor &nope defined before it")]
    [InlineData("a: &x [*x]\n", "1:8: cannot parse YAML: the alias *x refers to no anchor &x defined before it")]
    [InlineData("a: &x 1\n*x : 2\n", "2:1: cannot parse YAML: a mapping key must be a plain string, not a list, a map or an alias")]
    [InlineData("b: &b {x: 1}\nc:\n  <<: *b\n  <<: *b\n", "4:3: cannot parse YAML: Duplicate key <<")]
    [InlineData("ok: 1\n[a]: 1\n", "2:1: cannot parse YAML: a mapping key must be a plain string, not a list, a map or an alias")]
    [InlineData("a: 1\nb:\n  <<: [1]\n", "3:3: cannot parse YAML: a merge key (<<) needs a map or a list of maps, e.g. <<: *defaults")]
    public void Invalid_yaml_fails_with_line_column_and_reason(string yaml, string expected)
    {
        var e = Assert.Throws<ManifestParseException>(() => YamlManifestReader.Read(yaml));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void An_alias_bomb_fails_instead_of_exhausting_memory()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 8; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var e = Assert.Throws<ManifestParseException>(() => YamlManifestReader.Read(yaml.ToString()));

        Assert.EndsWith("cannot parse YAML: the document expands to more than 2000000 values (aliases used too often?)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_200_levels_fails_clearly()
    {
        var yaml = "a: " + new string('[', 300) + new string(']', 300) + "\n";

        var e = Assert.Throws<ManifestParseException>(() => YamlManifestReader.Read(yaml));

        Assert.EndsWith("cannot parse YAML: nesting deeper than 200 levels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_lines_point_at_the_field_or_its_nearest_existing_parent()
    {
        const string yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            spec:
              templates:
                - name: a
                - name: b
                  memoize:
                    maxAge: "1h"
                    key: "x.y"
            """;
        var lines = Assert.Single(YamlManifestReader.Read(yaml)).Lines;

        Assert.Equal(1, lines.LineOf(""));
        Assert.Equal(3, lines.LineOf("spec"));
        Assert.Equal(5, lines.LineOf("spec.templates[0]"));
        Assert.Equal(6, lines.LineOf("spec.templates[1]"));
        Assert.Equal(7, lines.LineOf("spec.templates[1].memoize"));
        Assert.Equal(9, lines.LineOf("spec.templates[1].memoize.key"));
        Assert.Equal(7, lines.LineOf("spec.templates[1].memoize.cache.configMap.name"));
        Assert.Equal(4, lines.LineOf("spec.templates[7].memoize"));
        Assert.Equal(3, lines.LineOf("spec.templateDefaults.memoize"));
    }

    [Fact]
    public void A_duplicated_key_keeps_the_last_value_and_is_recorded_with_both_lines()
    {
        const string yaml = "metadata:\n  annotations: {a: 1}\n  name: x\n  annotations: {b: 2}\nspec: {}\n";

        var document = Assert.Single(YamlManifestReader.Read(yaml));

        Assert.Equal("{\"metadata\":{\"name\":\"x\",\"annotations\":{\"b\":2}},\"spec\":{}}", document.Content.ToJsonString());
        Assert.Equal([new DuplicateKey("metadata.annotations", "annotations", 2, 4)], document.DuplicateKeys);
        Assert.Equal(4, document.Lines.LineOf("metadata.annotations"));
        Assert.Equal(4, document.Lines.LineOf("metadata.annotations.b"));
    }

    [Theory]
    [InlineData("a:\n  args: [\"\n  echo hello;\n  echo world\n  \"]\n", "{\"a\":{\"args\":[\" echo hello; echo world \"]}}")]
    [InlineData("a:\n  - \"x \\\n  y\n\n  z\"\n", "{\"a\":[\"x y\\nz\"]}")]
    [InlineData("a:\n  b: \"one\n  two\"\n  c: \"three\n\tfour\"\n", "{\"a\":{\"b\":\"one two\",\"c\":\"three four\"}}")]
    public void A_quoted_string_continued_at_the_indentation_of_its_key_reads_as_go_reads_it(string yaml, string json)
    {
        var document = Assert.Single(YamlManifestReader.Read(yaml));

        Assert.Equal(json, document.Content.ToJsonString());
    }

    [Fact]
    public void Lines_after_a_re_indented_quoted_string_stay_right()
    {
        const string yaml = "spec:\n  args: [\"\n  echo hello\n  \"]\n  memoize:\n    maxAge: 1d\n";

        var lines = Assert.Single(YamlManifestReader.Read(yaml)).Lines;

        Assert.Equal((2, 5, 6), (lines.LineOf("spec.args"), lines.LineOf("spec.memoize"), lines.LineOf("spec.memoize.maxAge")));
    }

    [Fact]
    public void Merged_keys_point_at_the_line_of_the_anchored_map()
    {
        const string yaml = "base: &b\n  maxAge: 1d\nmemoize:\n  <<: *b\n  key: k\n";

        var lines = Assert.Single(YamlManifestReader.Read(yaml)).Lines;

        Assert.Equal((2, 5), (lines.LineOf("memoize.maxAge"), lines.LineOf("memoize.key")));
    }
}
