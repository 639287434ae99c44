using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Tests.CacheInspection;

public class ByteSizeTests
{
    [Theory]
    [InlineData(0, "0B", "0.0%")]
    [InlineData(1023, "1023B", "0.1%")]
    [InlineData(1024, "1.0KiB", "0.1%")]
    [InlineData(921_600, "900.0KiB", "87.9%")]
    [InlineData(1_048_576, "1.0MiB", "100.0%")]
    public void Sizes_use_binary_units_and_the_share_of_the_1_MiB_limit(long bytes, string size, string used) =>
        Assert.Equal((size, used), (ByteSize.Format(bytes), ByteSize.FormatPercentOfLimit(bytes)));
}
