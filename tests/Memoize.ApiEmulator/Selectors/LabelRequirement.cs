using System.Globalization;

namespace Memoize.ApiEmulator.Selectors;

/// <summary>One term of a label selector, with Kubernetes' matching rules.</summary>
/// <param name="Key">The label key.</param>
/// <param name="Operator">One of <c>=</c>, <c>!=</c>, <c>in</c>, <c>notin</c>, <c>exists</c>, <c>!</c>, <c>gt</c>, <c>lt</c>.</param>
/// <param name="Values">The values for =, !=, in, notin, gt, lt.</param>
internal sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    /// <summary>True when <paramref name="labels"/> satisfy this term.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "=" or "in" => has && Values.Contains(value!, StringComparer.Ordinal),
            // Like Kubernetes, != and notin also match objects that lack the label.
            "!=" or "notin" => !has || !Values.Contains(value!, StringComparer.Ordinal),
            "exists" => has,
            "!" => !has,
            "gt" => has && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) &&
                    g > long.Parse(Values[0], CultureInfo.InvariantCulture),
            "lt" => has && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) &&
                    l < long.Parse(Values[0], CultureInfo.InvariantCulture),
            _ => false,
        };
    }
}
