using Memoize.Cli.Manifests;

namespace Memoize.Cli.Tests.Manifests;

public class ManifestReaderTests
{
    [Theory]
    [InlineData("wf.json", "kind: x", ManifestFormat.Json)]
    [InlineData("wf.JSON", "kind: x", ManifestFormat.Json)]
    [InlineData("wf.yaml", "{\"kind\": \"x\"}", ManifestFormat.Yaml)]
    [InlineData("wf.yml", "kind: x", ManifestFormat.Yaml)]
    [InlineData(null, "  {\"kind\": \"x\"}", ManifestFormat.Json)]
    [InlineData(null, "[]", ManifestFormat.Json)]
    [InlineData(null, "kind: x", ManifestFormat.Yaml)]
    [InlineData("wf.txt", "kind: x", ManifestFormat.Yaml)]
    public void Format_comes_from_the_extension_else_from_the_first_character(string? fileName, string text, ManifestFormat expected)
    {
        Assert.Equal(expected, ManifestReader.FormatOf(fileName, text));
    }

    [Fact]
    public void Scoped_line_map_prefixes_paths_with_the_item()
    {
        const string yaml = "kind: List\nitems:\n  - kind: A\n    spec:\n      x: 1\n  - kind: B\n";
        var lines = Assert.Single(YamlManifestReader.Read(yaml)).Lines;

        var second = new ScopedFieldLineMap(lines, "items[1]");
        var first = new ScopedFieldLineMap(lines, "items[0]");

        Assert.Equal(6, second.LineOf(""));
        Assert.Equal(5, first.LineOf("spec.x"));
    }

    [Theory]
    [InlineData("", new object[0])]
    [InlineData("spec", new object[] { "spec" })]
    [InlineData("spec.templates[3].memoize", new object[] { "spec", "templates", 3, "memoize" })]
    [InlineData("a[1][2].b", new object[] { "a", 1, 2, "b" })]
    [InlineData("[0].a", new object[] { 0, "a" })]
    public void Field_path_splits_into_names_and_indexes(string path, object[] expected)
    {
        Assert.Equal(expected, FieldPath.Parse(path));
    }
}
