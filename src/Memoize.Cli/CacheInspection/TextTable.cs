namespace Memoize.Cli.CacheInspection;

/// <summary>
/// A table as kubectl prints one: upper-case headers, left-aligned columns, each at least 6 characters and 3 spaces
/// wider than its widest cell, the last column unpadded (so lines have no trailing spaces).
/// </summary>
/// <param name="headers">The column headers.</param>
public sealed class TextTable(params string[] headers)
{
    private const int Padding = 3;
    private const int MinimumWidth = 6;
    private readonly List<TableCell[]> rows = [];

    /// <summary>Adds a row; it must have one cell per header.</summary>
    public void AddRow(params TableCell[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row needs {headers.Length} cells, got {cells.Length}", nameof(cells));
        }

        rows.Add(cells);
    }

    /// <summary>Writes the header line and every row.</summary>
    public void Write(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var all = new List<TableCell[]> { headers.Select(h => new TableCell(h)).ToArray() };
        all.AddRange(rows);
        var widths = new int[headers.Length];
        for (var column = 0; column < headers.Length; column++)
        {
            widths[column] = Math.Max(MinimumWidth, all.Max(row => row[column].Text.Length) + Padding);
        }

        foreach (var row in all)
        {
            var line = new System.Text.StringBuilder();
            for (var column = 0; column < row.Length; column++)
            {
                var cell = row[column];
                line.Append(cell.Painted ?? cell.Text);
                if (column < row.Length - 1)
                {
                    line.Append(' ', widths[column] - cell.Text.Length);
                }
            }

            output.WriteLine(line.ToString());
        }
    }
}
