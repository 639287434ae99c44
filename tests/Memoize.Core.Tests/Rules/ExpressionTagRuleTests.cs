using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class ExpressionTagRuleTests
{
    private const string P = "spec.templates[0].memoize";

    [Fact]
    public void Expression_in_the_key_is_a_warning_as_pinned() =>
        Assert.Equal(
            [$"Warning: {P}.key: Invalid value: \"{{{{=sprig.trunc(8, inputs.parameters.sha)}}}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid cache key"],
            Lint.Rule(new ExpressionTagRule(), Manifest.WithMemoize(Manifest.Block("key", "\"{{=sprig.trunc(8, inputs.parameters.sha)}}\""))));

    [Fact]
    public void Expression_warning_quotes_the_whole_field_once()
    {
        var block = """{"key": "v-{{=a}}-{{=b}}", "maxAge": "{{=inputs.parameters.hours + 'h'}}", "cache": {"configMap": {"name": "cache-{{=sprig.lower(workflow.name)}}"}}}""";

        Assert.Equal(
            [
                $"Warning: {P}.key: Invalid value: \"v-{{{{=a}}}}-{{{{=b}}}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid cache key",
                $"Warning: {P}.maxAge: Invalid value: \"{{{{=inputs.parameters.hours + 'h'}}}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid duration, e.g. \"24h\"",
                $"Warning: {P}.cache.configMap.name: Invalid value: \"cache-{{{{=sprig.lower(workflow.name)}}}}\": expression tags are evaluated only at run time and are not checked; make sure the result is a valid ConfigMap name (a lowercase RFC 1123 subdomain)",
            ],
            Lint.Rule(new ExpressionTagRule(), Manifest.WithMemoize(block)));
    }

    [Theory]
    [InlineData("{{inputs.parameters.x}}")]
    [InlineData("{{ =x}}")]
    [InlineData("plain")]
    public void Simple_tags_are_not_expressions(string key) =>
        Assert.Empty(Lint.Rule(new ExpressionTagRule(), Manifest.WithMemoize(Manifest.Block("key", System.Text.Json.JsonSerializer.Serialize(key)))));
}
