using Memoize.Core.Rules;

namespace Memoize.Core.Tests.Rules;

public class MemoizeShapeRuleTests
{
    private const string Fix =
        "a memoize block must be an object with key, maxAge and cache, e.g. memoize: {key: \"{{inputs.parameters.message}}\", maxAge: \"24h\", cache: {configMap: {name: my-cache}}}";

    [Theory]
    [InlineData("\"yes\"", "\"yes\"")]
    [InlineData("true", "true")]
    [InlineData("3", "3")]
    [InlineData("[{\"key\": \"k\"}]", "[{\"key\":\"k\"}]")]
    public void Memoize_that_is_not_an_object_is_an_error(string memoizeJson, string shown) =>
        Assert.Equal(
            [$"Error: spec.templates[0].memoize: Invalid value: {shown}: {Fix}"],
            Lint.Rule(new MemoizeShapeRule(), Manifest.WithMemoize(memoizeJson)));

    [Fact]
    public void Memoize_object_passes_even_when_empty() =>
        Assert.Empty(Lint.Rule(new MemoizeShapeRule(), Manifest.WithMemoize("{}")));
}
