using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class CacheKeyRuleTests
{
    private const string P = "spec.templates[0].memoize.key";

    private const string Rule =
        "invalid cache key: a key must start with a letter or digit and contain only letters, digits and '-' (regex ^[a-zA-Z0-9][-a-zA-Z0-9]*$)";

    private const string Inputs = """[{"name": "x"}, {"name": "file", "default": "a.txt"}, {"name": "message"}]""";

    private static readonly string LongValue = new('a', 300);

    private static readonly string Arguments =
        $$"""[{"name": "ver", "value": "1.2"}, {"name": "message", "value": "hello"}, {"name": "long", "value": "{{LongValue}}"}, {"name": "dash", "value": "-x"}]""";

    public static TheoryData<string?, string[]> Cases => new()
    {
        // Required.
        { null, [$"Error: {P}: Required value: a memoize block needs a cache key, e.g. key: \"{{{{inputs.parameters.message}}}}\""] },
        { "\"\"", [$"Error: {P}: Required value: a memoize block needs a cache key, e.g. key: \"{{{{inputs.parameters.message}}}}\""] },
        { "null", [$"Error: {P}: Required value: a memoize block needs a cache key, e.g. key: \"{{{{inputs.parameters.message}}}}\""] },

        // Literal keys: SPEC.md section 2's characters.
        { "\"my-key\"", [] },
        { "\"abc\"", [] },
        { "\"A-b-C9\"", [] },
        { "\"trailing-\"", [] },
        { "\"123\"", [] },
        { "\"my.key\"", [$"Error: {P}: Invalid value: \"my.key\": {Rule}, e.g. \"my-key\""] },
        { "\"my_key\"", [$"Error: {P}: Invalid value: \"my_key\": {Rule}, e.g. \"my-key\""] },
        { "\"ns:key\"", [$"Error: {P}: Invalid value: \"ns:key\": {Rule}, e.g. \"ns-key\""] },
        { "\"a/b\"", [$"Error: {P}: Invalid value: \"a/b\": {Rule}, e.g. \"a-b\""] },
        { "\"two words\"", [$"Error: {P}: Invalid value: \"two words\": {Rule}, e.g. \"two-words\""] },
        { "\"-leading\"", [$"Error: {P}: Invalid value: \"-leading\": {Rule}, e.g. \"leading\""] },
        { "\"a.:/_b\"", [$"Error: {P}: Invalid value: \"a.:/_b\": {Rule}, e.g. \"a-b\""] },
        { "\"key\\n\"", [$"Error: {P}: Invalid value: \"key\\n\": {Rule}, e.g. \"key-\""] },
        { "\"caf\u00e9\"", [$"Error: {P}: Invalid value: \"caf\u00e9\": {Rule}, e.g. \"caf-\""] },
        { "\"...\"", [$"Error: {P}: Invalid value: \"...\": {Rule}, e.g. \"my-key\""] },

        // Templated keys: literal parts are checked, known values are substituted.
        { "\"{{inputs.parameters.x}}\"", [] },
        { "\"v2-{{inputs.parameters.x}}\"", [] },
        { "\"{{workflow.parameters.message}}\"", [] },
        { "\"{{ workflow.parameters.message }}-{{pod.name}}\"", [] },
        { "\"{{inputs.parameters.x}}.v2\"", [$"Error: {P}: Invalid value: \"{{{{inputs.parameters.x}}}}.v2\": {Rule}, e.g. \"{{{{inputs.parameters.x}}}}-v2\""] },
        { "\"-{{inputs.parameters.x}}\"", [$"Error: {P}: Invalid value: \"-{{{{inputs.parameters.x}}}}\": {Rule}, e.g. \"{{{{inputs.parameters.x}}}}\""] },
        { "\"{{workflow.parameters.ver}}_{{inputs.parameters.x}}\"", [$"Error: {P}: Invalid value: \"{{{{workflow.parameters.ver}}}}_{{{{inputs.parameters.x}}}}\": {Rule}, e.g. \"{{{{workflow.parameters.ver}}}}-{{{{inputs.parameters.x}}}}\""] },
        { "\"{{inputs.parameters.file}}\"", [$"Error: {P}: Invalid value: \"{{{{inputs.parameters.file}}}}\" (after substitution: \"a.txt\"): {Rule}, e.g. \"a-txt\""] },
        { "\"v1-{{workflow.parameters.ver}}\"", [$"Error: {P}: Invalid value: \"v1-{{{{workflow.parameters.ver}}}}\" (after substitution: \"v1-1.2\"): {Rule}, e.g. \"v1-1-2\""] },
        { "\"{{workflow.parameters.dash}}\"", [$"Error: {P}: Invalid value: \"{{{{workflow.parameters.dash}}}}\" (after substitution: \"-x\"): {Rule}, e.g. \"x\""] },
        { "\"{{workflow.parameters.ver}}-{{inputs.parameters.x}}\"", [$"Error: {P}: Invalid value: \"{{{{workflow.parameters.ver}}}}-{{{{inputs.parameters.x}}}}\" (after substitution: \"1.2-{{{{inputs.parameters.x}}}}\"): {Rule}, e.g. \"1-2-{{{{inputs.parameters.x}}}}\""] },

        // Other rules' business: unresolvable variables and expressions leave the key rule silent.
        { "\"{{inputs.parameters.nope}}\"", [] },
        { "\"{{=sprig.trunc(8, inputs.parameters.sha)}}\"", [] },
        { "\"sha-{{=sprig.trunc(8, inputs.parameters.sha)}}\"", [] },

        // Not a string.
        { "123", [$"Error: {P}: Invalid value: 123: the cache key must be a string; quote it, e.g. key: \"123\""] },
        { "true", [$"Error: {P}: Invalid value: true: the cache key must be a string; quote it, e.g. key: \"true\""] },
        { "{\"a\": 1}", [$"Error: {P}: Invalid value: {{\"a\":1}}: the cache key must be a string; quote it, e.g. key: \"{{{{inputs.parameters.message}}}}\""] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Key_rule_reports_exactly(string? keyJson, string[] expected) =>
        Assert.Equal(expected, Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", keyJson), Inputs, Arguments)));

    [Fact]
    public void Key_of_253_characters_is_accepted() =>
        Assert.Empty(Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", $"\"{new string('k', 253)}\""))));

    [Fact]
    public void Key_of_254_characters_is_too_long() =>
        Assert.Equal(
            [$"Error: {P}: Too long: the cache key has 254 characters, at most 253 are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output"],
            Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", $"\"{new string('k', 254)}\""))));

    [Fact]
    public void Key_too_long_after_substitution_reports_the_substituted_length() =>
        Assert.Equal(
            [$"Error: {P}: Too long: the cache key has 303 characters, at most 253 are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output"],
            Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", "\"v1-{{workflow.parameters.long}}\""), Inputs, Arguments)));

    [Fact]
    public void Key_whose_literal_part_alone_is_too_long_is_reported_with_a_lower_bound() =>
        Assert.Equal(
            [$"Error: {P}: Too long: the cache key has at least 260 characters, at most 253 are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output"],
            Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", $"\"{new string('k', 260)}{{{{inputs.parameters.x}}}}\""), Inputs, Arguments)));

    [Fact]
    public void Key_both_invalid_and_too_long_reports_both() =>
        Assert.Equal(
            [
                $"Error: {P}: Invalid value: \"{new string('k', 254)}.\": {Rule}, e.g. \"{new string('k', 253)}\"",
                $"Error: {P}: Too long: the cache key has 255 characters, at most 253 are allowed (it becomes a ConfigMap data key); shorten it, e.g. hash long inputs with an expression or a step output",
            ],
            Lint.Rule(new CacheKeyRule(), Manifest.WithMemoize(Manifest.Block("key", $"\"{new string('k', 254)}.\""))));
}
