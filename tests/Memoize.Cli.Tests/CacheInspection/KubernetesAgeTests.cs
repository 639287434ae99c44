using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Tests.CacheInspection;

public class KubernetesAgeTests
{
    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(330, "5m30s")]
    [InlineData(599, "9m59s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(7 * 3600 + 59 * 60, "7h59m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(48 * 3600, "2d")]
    [InlineData(2 * 86400 + 5 * 3600, "2d5h")]
    [InlineData(8 * 86400, "8d")]
    [InlineData(729 * 86400, "729d")]
    [InlineData(730 * 86400, "2y")]
    [InlineData(735 * 86400, "2y5d")]
    [InlineData(8 * 365 * 86400, "8y")]
    public void Ages_read_as_kubectl_prints_them(long seconds, string expected) =>
        Assert.Equal(expected, KubernetesAge.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void No_time_is_shown_as_none()
    {
        var now = new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(("<none>", "90s"), (KubernetesAge.Since(null, now), KubernetesAge.Since(now.AddSeconds(-90.9), now)));
    }
}
