using System.Text;

namespace Memoize.Core.Templates;

/// <summary>Replaces Argo's <c>{{name}}</c> tags with known values, as Argo's controller does before a lookup.</summary>
public static class TemplateSubstitution
{
    /// <summary>
    /// Substitutes each <c>{{ name }}</c> (whitespace inside the braces allowed) whose name is a key of
    /// <paramref name="values"/> (e.g. <c>inputs.parameters.message</c>, <c>workflow.name</c>).
    /// </summary>
    public static SubstitutionResult Substitute(string text, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder(text.Length);
        var unresolved = new List<string>();
        var expressions = new List<string>();
        foreach (var segment in TemplateText.Parse(text))
        {
            switch (segment.Kind)
            {
                case TemplateSegmentKind.Variable when values.TryGetValue(segment.Name, out var value):
                    // A substituted value is final: Argo does not substitute again inside it.
                    builder.Append(value);
                    break;
                case TemplateSegmentKind.Variable:
                    unresolved.Add(segment.Name);
                    builder.Append(segment.Text);
                    break;
                case TemplateSegmentKind.Expression:
                    expressions.Add(segment.Text);
                    builder.Append(segment.Text);
                    break;
                default:
                    builder.Append(segment.Text);
                    break;
            }
        }

        return new SubstitutionResult(builder.ToString(), unresolved, expressions);
    }
}
