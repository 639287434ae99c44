using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;

namespace Memoize.Core.Tests.Objects;

public class MemoizeBlockLocatorTests
{
    private const string Block = """{"key": "k", "maxAge": "1h", "cache": {"configMap": {"name": "c"}}}""";

    private static IReadOnlyList<MemoizeBlock> Locate(JsonObject document) => MemoizeBlockLocator.Locate(ArgoObject.TryFrom(document)!);

    [Theory]
    [InlineData("Workflow", "spec")]
    [InlineData("WorkflowTemplate", "spec")]
    [InlineData("ClusterWorkflowTemplate", "spec")]
    [InlineData("CronWorkflow", "spec.workflowSpec")]
    public void Locate_finds_each_memoized_template_with_its_exact_path(string kind, string specPath)
    {
        var document = Manifest.Of(kind, $$"""
            {"templates": [
              {"name": "a", "container": {"image": "busybox"} },
              {"name": "b", "memoize": {{Block}} },
              {"name": "c", "steps": [], "memoize": {{Block}} },
              {"name": "d"}
            ]}
            """);

        var blocks = Locate(document);

        Assert.Equal([$"{specPath}.templates[1].memoize", $"{specPath}.templates[2].memoize"], blocks.Select(b => b.Path));
        Assert.Equal(["b", "c"], blocks.Select(b => b.TemplateName));
        Assert.All(blocks, block => Assert.False(block.IsTemplateDefaults));
    }

    [Theory]
    [InlineData("Workflow", "spec")]
    [InlineData("WorkflowTemplate", "spec")]
    [InlineData("ClusterWorkflowTemplate", "spec")]
    [InlineData("CronWorkflow", "spec.workflowSpec")]
    public void Locate_finds_templateDefaults_in_document_order(string kind, string specPath)
    {
        var defaultsFirst = Manifest.Of(kind, $$"""{"templateDefaults": {"memoize": {{Block}} }, "templates": [{"name": "a", "memoize": {{Block}} }]}""");
        var defaultsLast = Manifest.Of(kind, $$"""{"templates": [{"name": "a", "memoize": {{Block}} }], "templateDefaults": {"memoize": {{Block}} } }""");

        Assert.Equal([$"{specPath}.templateDefaults.memoize", $"{specPath}.templates[0].memoize"], Locate(defaultsFirst).Select(b => b.Path));
        Assert.Equal([$"{specPath}.templates[0].memoize", $"{specPath}.templateDefaults.memoize"], Locate(defaultsLast).Select(b => b.Path));
        var defaults = Locate(defaultsFirst)[0];
        Assert.Null(defaults.TemplateName);
        Assert.True(defaults.IsTemplateDefaults);
    }

    [Fact]
    public void Locate_ignores_spec_templates_of_a_CronWorkflow()
    {
        var document = Manifest.Of("CronWorkflow", "{}");
        document["spec"]!["templates"] = JsonNode.Parse($$"""[{"name": "a", "memoize": {{Block}} }]""");

        Assert.Empty(Locate(document));
    }

    [Fact]
    public void Locate_reads_the_recorded_CronWorkflow()
    {
        var block = Assert.Single(MemoizeBlockLocator.Locate(ArgoObject.TryFrom(Manifest.AdmissionObject("cronworkflow-create.json"))!));

        Assert.Equal("spec.workflowSpec.templates[0].memoize", block.Path);
        Assert.Equal("main", block.TemplateName);
        Assert.Equal("nightly", block.Key);
        Assert.Equal("1h", block.MaxAge);
        Assert.Equal("nightly-cache", block.CacheName);
        Assert.Equal("busybox", (string?)block.Template["container"]!["image"]);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"templates": "none"}""")]
    [InlineData("""{"templates": [null, 1, "x", []]}""")]
    [InlineData("""{"templates": [{"name": "a", "memoize": null}]}""")]
    [InlineData("""{"templateDefaults": "x"}""")]
    [InlineData("""{"templateDefaults": {"memoize": null}}""")]
    public void Locate_finds_nothing_where_there_is_no_memoize_block(string spec) =>
        Assert.Empty(Locate(Manifest.Of("Workflow", spec)));

    [Fact]
    public void Locate_finds_nothing_without_a_spec()
    {
        var document = Manifest.Of("Workflow", "{}");
        document.Remove("spec");

        Assert.Empty(Locate(document));
    }

    [Fact]
    public void Locate_skips_a_memoize_that_is_not_an_object_which_the_validator_reports()
    {
        var document = Manifest.Of("Workflow", $$"""{"templates": [{"name": "a", "memoize": "yes"}, {"name": "b", "memoize": {{Block}} }]}""");

        Assert.Equal(["spec.templates[1].memoize"], Locate(document).Select(b => b.Path));
    }

    [Fact]
    public void A_template_without_a_name_has_no_template_name()
    {
        var document = Manifest.Of("Workflow", $$"""{"templates": [{"memoize": {{Block}} }]}""");

        Assert.Null(Assert.Single(Locate(document)).TemplateName);
    }

    [Fact]
    public void Block_accessors_give_null_for_values_that_are_not_strings()
    {
        var document = Manifest.Of("Workflow", """{"templates": [{"name": "a", "memoize": {"key": 1, "maxAge": 10, "cache": {"configMap": {"name": true}}}}]}""");

        var block = Assert.Single(Locate(document));

        Assert.Null(block.Key);
        Assert.Null(block.MaxAge);
        Assert.Null(block.CacheName);
    }

    public static TheoryData<string> AdmissionFixtures() => [.. Manifest.AdmissionFixtures()];

    [Theory]
    [MemberData(nameof(AdmissionFixtures))]
    public void CacheReferences_over_read_only_JSON_name_what_Locate_finds_in_every_recorded_review(string fixture)
    {
        if (Manifest.AdmissionObject(fixture) is JsonObject document && ArgoObject.TryFrom(document) is not null)
        {
            AssertSameReferences(document);
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"templates": "none"}""")]
    [InlineData("""{"templates": [null, 1, "x", []]}""")]
    [InlineData("""{"templates": [{"name": "a", "memoize": null}, {"name": "", "memoize": {}}, {"memoize": "yes"}]}""")]
    [InlineData("""{"templateDefaults": {"memoize": {"cache": {"configMap": {"name": "d"}}}}, "templates": [{"name": "a", "memoize": {"cache": {"configMap": {"name": ""}}}}]}""")]
    [InlineData("""{"templates": [{"name": "a", "memoize": {"key": 1, "cache": {"configMap": {"name": true}}}}, {"name": "b", "memoize": {"cache": "c"}}, {"name": "c", "memoize": {"cache": {"configMap": "x"}}}]}""")]
    [InlineData("""{"templates": [{"name": "b", "memoize": {"cache": {"configMap": {"name": "c"}}}}], "templateDefaults": {"memoize": {"key": "k"}}}""")]
    public void CacheReferences_over_read_only_JSON_name_what_Locate_finds_in_odd_specs(string spec)
    {
        foreach (var kind in new[] { "Workflow", "CronWorkflow" })
        {
            AssertSameReferences(Manifest.Of(kind, spec));
        }
    }

    private static void AssertSameReferences(JsonObject document)
    {
        var expected = MemoizeBlockLocator.Locate(ArgoObject.TryFrom(document)!).Select(block => new MemoizeCacheReference(block.TemplateName, block.CacheName));
        var readOnly = ReadOnlyArgoObject.TryFrom(JsonSerializer.SerializeToElement(document))!;

        Assert.Equal(expected, MemoizeBlockLocator.CacheReferences(readOnly));
    }
}
