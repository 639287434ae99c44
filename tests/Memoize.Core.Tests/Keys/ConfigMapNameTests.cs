using Memoize.Core.Keys;

namespace Memoize.Core.Tests.Keys;

public class ConfigMapNameTests
{
    [Theory]
    [InlineData("my-cache", true)]
    [InlineData("a.b-c", true)]
    [InlineData("0", true)]
    [InlineData("a--b", true)]
    [InlineData("Bad_Name", false)]
    [InlineData("UPPER", false)]
    [InlineData("-x", false)]
    [InlineData("x-", false)]
    [InlineData("a..b", false)]
    [InlineData("a.-b", false)]
    [InlineData(".a", false)]
    [InlineData("my cache", false)]
    [InlineData("", false)]
    [InlineData("x\n", false)]
    public void IsValid_follows_the_lowercase_RFC_1123_subdomain_rule(string name, bool expected) => Assert.Equal(expected, ConfigMapName.IsValid(name));

    [Fact]
    public void IsValid_allows_at_most_253_characters()
    {
        Assert.True(ConfigMapName.IsValid(new string('a', 253)));
        Assert.False(ConfigMapName.IsValid(new string('a', 254)));
    }

    [Theory]
    [InlineData("Bad_Name", "bad-name")]
    [InlineData("my_cache.", "my-cache")]
    [InlineData("-x-", "x")]
    [InlineData("a..b", "a.b")]
    [InlineData("a.-b", "a.b")]
    [InlineData("A B\tC", "a-b-c")]
    [InlineData("___", "my-cache")]
    [InlineData("", "my-cache")]
    [InlineData("fine.name", "fine.name")]
    public void SuggestFix_gives_a_valid_name_close_to_the_written_one(string name, string expected)
    {
        Assert.Equal(expected, ConfigMapName.SuggestFix(name));
        Assert.True(ConfigMapName.IsValid(ConfigMapName.SuggestFix(name)));
    }

    [Fact]
    public void SuggestFix_cuts_a_long_name_to_253_without_a_trailing_separator() =>
        Assert.Equal(new string('a', 252), ConfigMapName.SuggestFix(new string('a', 252) + "." + new string('b', 10)));
}
