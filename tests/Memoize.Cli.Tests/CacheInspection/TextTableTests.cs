using Memoize.Cli.CacheInspection;

namespace Memoize.Cli.Tests.CacheInspection;

public class TextTableTests
{
    [Fact]
    public void Columns_are_three_spaces_wider_than_their_widest_cell_at_least_six_and_the_last_is_not_padded()
    {
        var table = new TextTable("A", "LONG HEADER", "LAST");
        table.AddRow("x", "y", "a much longer last cell");
        table.AddRow("wider-cell", "z", "");
        using var output = new StringWriter { NewLine = "\n" };

        table.Write(output);

        Assert.Equal(
            "A            LONG HEADER   LAST\n"
            + "x            y             a much longer last cell\n"
            + "wider-cell   z             \n",
            output.ToString());
    }

    [Fact]
    public void Colour_codes_do_not_count_toward_the_width()
    {
        var table = new TextTable("USED", "NEXT");
        table.AddRow(new TableCell("50%", "\u001b[33m50%\u001b[0m"), "n");
        using var output = new StringWriter { NewLine = "\n" };

        table.Write(output);

        Assert.Equal("USED   NEXT\n\u001b[33m50%\u001b[0m    n\n", output.ToString());
    }
}
