using Memoize.Core.Rules;

namespace Memoize.Webhook.Validation;

/// <summary>
/// Warnings as kubectl shows them (<c>Warning: main: memoize.maxAge: ...</c>): short, prefixed with the template
/// name (or <c>templateDefaults</c>), and kept under Kubernetes' 4 KiB budget for all warnings of one answer.
/// </summary>
public static class FindingWarnings
{
    /// <summary>Kubernetes truncates the warnings of one response beyond 4096 bytes; stay under it with room for the last line.</summary>
    public const int Budget = 3800;

    /// <summary>One warning: <c>&lt;template&gt;: &lt;message with the path shortened to memoize.*&gt;</c>.</summary>
    public static string Format(Finding finding)
    {
        var template = finding.TemplateName ?? "templateDefaults";
        var message = finding.Message;
        var memoizeAt = finding.Path.LastIndexOf("memoize", StringComparison.Ordinal);
        if (memoizeAt >= 0 && message.StartsWith(finding.Path, StringComparison.Ordinal))
        {
            // The template name already says where; "memoize.maxAge" is enough to find the field.
            message = finding.Path[memoizeAt..] + message[finding.Path.Length..];
        }

        return $"{template}: {message}";
    }

    /// <summary>Every warning finding formatted, cut to the budget with a last line saying how many were left out.</summary>
    public static IReadOnlyList<string> For(IEnumerable<Finding> warnings) => Fit(warnings.Select(Format).ToList());

    /// <summary>Keeps warnings while they fit the budget; the rest are summarized in one line.</summary>
    public static IReadOnlyList<string> Fit(IReadOnlyList<string> warnings)
    {
        var kept = new List<string>();
        var size = 0;
        foreach (var warning in warnings)
        {
            if (size + warning.Length > Budget)
            {
                kept.Add($"memoize: {warnings.Count - kept.Count} more warnings not shown; run `memoize lint` on the object to see all of them");
                break;
            }

            kept.Add(warning);
            size += warning.Length;
        }

        return kept;
    }
}
