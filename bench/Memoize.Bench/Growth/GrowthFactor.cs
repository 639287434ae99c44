using System.Globalization;

namespace Memoize.Bench.Growth;

/// <summary>
/// How much a figure grows per 10x of size between consecutive sizes: (value ratio)^(1 / log10(size ratio)).
/// 10x is linear, 1x is flat; a ratio well above 10x is worse than linear.
/// </summary>
public static class GrowthFactor
{
    /// <summary>The factor per 10x from (<paramref name="smallSize"/>, <paramref name="smallValue"/>) to (<paramref name="largeSize"/>, <paramref name="largeValue"/>).</summary>
    public static double Per10x(double smallSize, double smallValue, double largeSize, double largeValue) =>
        Math.Pow(largeValue / smallValue, 1 / Math.Log10(largeSize / smallSize));

    /// <summary>Prints <c>{label} growth per 10x: 10 -> 1,000: 9.8x, ...</c> for consecutive rows.</summary>
    public static void Print(IReadOnlyList<(int Size, double Value)> rows, string label)
    {
        var steps = new List<string>();
        for (var i = 1; i < rows.Count; i++)
        {
            var factor = Per10x(rows[i - 1].Size, rows[i - 1].Value, rows[i].Size, rows[i].Value);
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{rows[i - 1].Size:N0} -> {rows[i].Size:N0}: {factor:0.0}x"));
        }

        Console.WriteLine($"{label} growth per 10x: {string.Join(", ", steps)}");
    }
}
