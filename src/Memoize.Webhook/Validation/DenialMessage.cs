using System.Text;
using Memoize.Core.Rules;

namespace Memoize.Webhook.Validation;

/// <summary>
/// The message of a denial: the object first, then every error on its own line starting with its field path.
/// kubectl prints it whole after <c>admission webhook "..." denied the request: </c> (code 403, no causes).
/// </summary>
public static class DenialMessage
{
    /// <summary>E.g. <c>Workflow argo/memo-bad has 2 memoize problems:\n- spec.templates[0].memoize.key: ...\n- ...</c>.</summary>
    public static string For(string kind, string objectName, IReadOnlyList<Finding> errors)
    {
        var text = new StringBuilder();
        text.Append(kind).Append(' ').Append(objectName).Append(" has ").Append(errors.Count)
            .Append(errors.Count == 1 ? " memoize problem:" : " memoize problems:");
        foreach (var error in errors)
        {
            text.Append("\n- ").Append(error.Message);
        }

        return text.ToString();
    }
}
