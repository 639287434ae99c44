using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class CacheConfigMapRuleTests
{
    private const string P = "spec.templates[0].memoize";

    private const string Rule =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character, at most 253 characters";

    private const string Inputs = """[{"name": "x"}, {"name": "team", "default": "Data_Team"}]""";

    private const string Arguments = """[{"name": "cache", "value": "My_Cache"}, {"name": "env", "value": "prod"}]""";

    public static TheoryData<string, string[]> CacheCases => new()
    {
        { """{"key": "k", "maxAge": "1h"}""", [$"Error: {P}.cache: Required value: a memoize block needs a cache ConfigMap, e.g. cache: {{configMap: {{name: my-cache}}}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": null}""", [$"Error: {P}.cache: Required value: a memoize block needs a cache ConfigMap, e.g. cache: {{configMap: {{name: my-cache}}}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": "my-cache"}""", [$"Error: {P}.cache: Invalid value: \"my-cache\": the cache must be an object naming a ConfigMap, e.g. cache: {{configMap: {{name: my-cache}}}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": {}}""", [$"Error: {P}.cache.configMap: Required value: the cache needs a ConfigMap, e.g. configMap: {{name: my-cache}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": {"configMap": null}}""", [$"Error: {P}.cache.configMap: Required value: the cache needs a ConfigMap, e.g. configMap: {{name: my-cache}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": {"configMap": ["my-cache"]}}""", [$"Error: {P}.cache.configMap: Invalid value: [\"my-cache\"]: the ConfigMap must be an object with a name, e.g. configMap: {{name: my-cache}}"] },
        { """{"key": "k", "maxAge": "1h", "cache": {"configMap": {}}}""", [$"Error: {P}.cache.configMap.name: Required value: the cache ConfigMap needs a name, e.g. name: my-cache"] },
    };

    public static TheoryData<string?, string[]> NameCases => new()
    {
        { null, [$"Error: {P}.cache.configMap.name: Required value: the cache ConfigMap needs a name, e.g. name: my-cache"] },
        { "\"\"", [$"Error: {P}.cache.configMap.name: Required value: the cache ConfigMap needs a name, e.g. name: my-cache"] },
        { "null", [$"Error: {P}.cache.configMap.name: Required value: the cache ConfigMap needs a name, e.g. name: my-cache"] },
        { "5", [$"Error: {P}.cache.configMap.name: Invalid value: 5: the ConfigMap name must be a string, e.g. name: \"5\""] },
        { "{}", [$"Error: {P}.cache.configMap.name: Invalid value: {{}}: the ConfigMap name must be a string, e.g. name: \"my-cache\""] },

        // Literal names.
        { "\"greeting-cache\"", [] },
        { "\"a.b-c\"", [] },
        { "\"0\"", [] },
        { "\"a--b\"", [] },
        { "\"Bad_Name\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"Bad_Name\": {Rule}, e.g. \"bad-name\""] },
        { "\"UPPER\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"UPPER\": {Rule}, e.g. \"upper\""] },
        { "\"my_cache.\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"my_cache.\": {Rule}, e.g. \"my-cache\""] },
        { "\"-x-\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"-x-\": {Rule}, e.g. \"x\""] },
        { "\"a..b\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"a..b\": {Rule}, e.g. \"a.b\""] },
        { "\"a.-b\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"a.-b\": {Rule}, e.g. \"a.b\""] },
        { "\"my cache\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"my cache\": {Rule}, e.g. \"my-cache\""] },
        { "\"___\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"___\": {Rule}, e.g. \"my-cache\""] },

        // Templated names.
        { "\"cache-{{inputs.parameters.x}}\"", [] },
        { "\"{{inputs.parameters.x}}.cache\"", [] },
        { "\"{{workflow.parameters.env}}-cache\"", [] },
        { "\"Cache-{{inputs.parameters.x}}\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"Cache-{{{{inputs.parameters.x}}}}\": {Rule}, e.g. \"cache-{{{{inputs.parameters.x}}}}\""] },
        { "\"{{inputs.parameters.x}}.\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"{{{{inputs.parameters.x}}}}.\": {Rule}, e.g. \"{{{{inputs.parameters.x}}}}\""] },
        { "\"{{workflow.parameters.cache}}\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"{{{{workflow.parameters.cache}}}}\" (after substitution: \"My_Cache\"): {Rule}, e.g. \"my-cache\""] },
        { "\"{{inputs.parameters.team}}-{{inputs.parameters.x}}\"", [$"Error: {P}.cache.configMap.name: Invalid value: \"{{{{inputs.parameters.team}}}}-{{{{inputs.parameters.x}}}}\" (after substitution: \"Data_Team-{{{{inputs.parameters.x}}}}\"): {Rule}, e.g. \"data-team-{{{{inputs.parameters.x}}}}\""] },
        { "\"{{inputs.parameters.nope}}\"", [] },
        { "\"{{=inputs.parameters.x}}\"", [] },
    };

    [Theory]
    [MemberData(nameof(CacheCases))]
    public void Cache_and_configMap_must_be_given_as_objects(string block, string[] expected) =>
        Assert.Equal(expected, Lint.Rule(new CacheConfigMapRule(), Manifest.WithMemoize(block)));

    [Theory]
    [MemberData(nameof(NameCases))]
    public void Name_rule_reports_exactly(string? nameJson, string[] expected) =>
        Assert.Equal(expected, Lint.Rule(new CacheConfigMapRule(), Manifest.WithMemoize(Manifest.Block("name", nameJson), Inputs, Arguments)));

    [Fact]
    public void Name_of_253_characters_is_accepted() =>
        Assert.Empty(Lint.Rule(new CacheConfigMapRule(), Manifest.WithMemoize(Manifest.Block("name", $"\"{new string('a', 253)}\""))));

    [Fact]
    public void Name_of_254_characters_is_invalid_and_the_example_is_cut_to_253() =>
        Assert.Equal(
            [$"Error: {P}.cache.configMap.name: Invalid value: \"{new string('a', 254)}\": {Rule}, e.g. \"{new string('a', 253)}\""],
            Lint.Rule(new CacheConfigMapRule(), Manifest.WithMemoize(Manifest.Block("name", $"\"{new string('a', 254)}\""))));
}
