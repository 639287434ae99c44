using Memoize.Cli.Manifests;

namespace Memoize.Cli.Tests.Manifests;

public class JsonManifestReaderTests
{
    [Fact]
    public void A_json_document_keeps_its_types()
    {
        var document = Assert.Single(JsonManifestReader.Read("{\"maxAge\": 10, \"key\": \"123\", \"on\": true}"));

        Assert.Equal("{\"maxAge\":10,\"key\":\"123\",\"on\":true}", document.Content.ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("null")]
    public void Blank_or_null_json_has_no_documents(string json)
    {
        Assert.Empty(JsonManifestReader.Read(json));
    }

    [Theory]
    [InlineData("{\"a\": 1,\n \"b\": }", "2:7: cannot parse JSON: '}' is an invalid start of a value")]
    [InlineData("{\"a\": 1", "1:8: cannot parse JSON: '1' is an invalid end of a number. Expected a delimiter")]
    public void Invalid_json_fails_with_line_column_and_reason(string json, string expected)
    {
        var e = Assert.Throws<ManifestParseException>(() => JsonManifestReader.Read(json));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Duplicate_properties_are_refused()
    {
        var e = Assert.Throws<ManifestParseException>(() => JsonManifestReader.Read("{\"a\": 1, \"a\": 2}"));

        Assert.StartsWith("1:", e.Message, StringComparison.Ordinal);
        Assert.Contains("cannot parse JSON: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Field_lines_point_at_the_field_or_its_nearest_existing_parent()
    {
        const string json = """
            {
              "kind": "Workflow",
              "spec": {
                "templates": [
                  {"name": "a"},
                  {
                    "name": "b",
                    "memoize": {
                      "key": "x.y"
                    }
                  }
                ]
              }
            }
            """;
        var lines = Assert.Single(JsonManifestReader.Read(json)).Lines;

        Assert.Equal(1, lines.LineOf(""));
        Assert.Equal(3, lines.LineOf("spec"));
        Assert.Equal(5, lines.LineOf("spec.templates[0]"));
        Assert.Equal(6, lines.LineOf("spec.templates[1]"));
        Assert.Equal(8, lines.LineOf("spec.templates[1].memoize"));
        Assert.Equal(9, lines.LineOf("spec.templates[1].memoize.key"));
        Assert.Equal(8, lines.LineOf("spec.templates[1].memoize.cache.configMap.name"));
        Assert.Equal(4, lines.LineOf("spec.templates[5]"));
    }
}
