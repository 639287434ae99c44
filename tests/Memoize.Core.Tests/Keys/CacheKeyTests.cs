using Memoize.Core.Keys;

namespace Memoize.Core.Tests.Keys;

public class CacheKeyTests
{
    // SPEC.md section 2: no '.', '_', ':', '/', spaces, no leading '-'; trailing '-' and digits only are fine.
    [Theory]
    [InlineData("my-key", true)]
    [InlineData("a", true)]
    [InlineData("123", true)]
    [InlineData("trailing-", true)]
    [InlineData("MiXeD-Case-9", true)]
    [InlineData("my.key", false)]
    [InlineData("my_key", false)]
    [InlineData("ns:key", false)]
    [InlineData("a/b", false)]
    [InlineData("two words", false)]
    [InlineData("-leading", false)]
    [InlineData("key\n", false)]
    [InlineData("caf\u00e9", false)]
    [InlineData("{{inputs.parameters.nope}}", false)]
    [InlineData("", false)]
    public void IsValid_follows_Argos_key_regex(string key, bool expected) => Assert.Equal(expected, CacheKey.IsValid(key));

    [Fact]
    public void IsValid_allows_at_most_253_characters()
    {
        Assert.True(CacheKey.IsValid(new string('k', 253)));
        Assert.False(CacheKey.IsValid(new string('k', 254)));
    }

    [Theory]
    [InlineData("my.key", "my-key")]
    [InlineData("a..b", "a-b")]
    [InlineData("__x__", "x-")]
    [InlineData("-a", "a")]
    [InlineData("...", "my-key")]
    [InlineData("", "my-key")]
    [InlineData("fine-key", "fine-key")]
    public void SuggestFix_gives_a_valid_key_close_to_the_written_one(string key, string expected)
    {
        Assert.Equal(expected, CacheKey.SuggestFix(key));
        Assert.True(CacheKey.IsValid(CacheKey.SuggestFix(key)));
    }

    [Fact]
    public void SuggestFix_cuts_a_long_key_to_253() => Assert.Equal(new string('k', 253), CacheKey.SuggestFix(new string('k', 300)));
}
