using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Tests.CacheInspection;

public class CacheListWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "░░░░░░░░░░░░░░░░░░░░")]
    [InlineData(26_215, "█░░░░░░░░░░░░░░░░░░░")]
    [InlineData(524_288, "██████████░░░░░░░░░░")]
    [InlineData(1_048_576, "████████████████████")]
    public void The_bar_has_one_block_per_5_percent_of_the_limit(long bytes, string bar) =>
        Assert.Equal(bar, CacheListWriter.Bar(bytes));

    [Theory]
    [InlineData(300_000, "\u001b[32m██████\u001b[0m░░░░░░░░░░░░░░ 28.6%")]
    [InlineData(600_000, "\u001b[33m███████████\u001b[0m░░░░░░░░░ 57.2%")]
    [InlineData(950_000, "\u001b[31m██████████████████\u001b[0m░░ 90.6%")]
    public void On_a_terminal_the_bar_is_green_then_yellow_from_half_then_red_from_the_default_budget(long bytes, string used)
    {
        using var output = new StringWriter { NewLine = "\n" };

        CacheListWriter.WriteTable([new CacheSummary("argo", "c", 1, bytes, 0, 0, null, null)], output, Now, withNamespace: false, terminal: true);

        Assert.Equal($"c      1         {ByteSize.Format(bytes)}   {used}   0           <none>   <none>", output.ToString().Split('\n')[1]);
    }
}
