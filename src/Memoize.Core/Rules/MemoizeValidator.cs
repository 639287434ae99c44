using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>Runs every memoize rule over an Argo object: the one verdict lint, the webhook and the reconciler share.</summary>
public static class MemoizeValidator
{
    // Built once: a validator is immutable, and building one compiles its rules.
    private static readonly MemoizeBlockRules Rules = new();

    // Where a finding about an absent field goes, after the fields that are written.
    private static readonly string[] CanonicalFieldOrder = ["key", "maxAge", "cache"];

    /// <summary>All findings of the object at once (errors and warnings), in document order.</summary>
    public static IReadOnlyList<Finding> Validate(ArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        var findings = new List<Finding>();
        // The workflow's parameters are the same for every block: read once.
        var workflowParameters = VariableScope.WorkflowParametersOf(argoObject);
        foreach (var site in MemoizeBlockLocator.LocateSites(argoObject))
        {
            var block = new MemoizeBlockContext(argoObject, site.Path, site.TemplateName, site.Node, site.Template, site.IsTemplateDefaults, workflowParameters);
            var failures = Rules.Validate(block).Errors;
            var first = findings.Count;
            foreach (var failure in failures)
            {
                findings.Add(new Finding(
                    failure.PropertyName,
                    failure.Severity == FluentValidation.Severity.Error ? Severity.Error : Severity.Warning,
                    failure.ErrorMessage,
                    site.TemplateName));
            }

            if (failures.Count > 1)
            {
                // A stable sort (OrderBy): within one field the rules' order is kept.
                var sorted = findings.GetRange(first, failures.Count).OrderBy(finding => FieldRank(block, finding.Path)).ToList();
                findings.RemoveRange(first, failures.Count);
                findings.AddRange(sorted);
            }
        }

        return findings;
    }

    /// <summary>Findings for any JSON document; null when it is not one of the four Argo kinds.</summary>
    public static IReadOnlyList<Finding>? ValidateDocument(JsonNode? document)
    {
        var argoObject = ArgoObject.TryFrom(document);
        return argoObject is null ? null : Validate(argoObject);
    }

    /// <summary>The position of the finding's field in the block as written; absent fields follow in key, maxAge, cache order.</summary>
    private static int FieldRank(MemoizeBlockContext block, string path)
    {
        if (path.Length <= block.Path.Length + 1 || block.Block is null)
        {
            return -1;
        }

        var rest = path[(block.Path.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var field = dot < 0 ? rest : rest[..dot];
        var index = 0;
        foreach (var (name, value) in block.Block)
        {
            if (name == field && value is not null)
            {
                return index;
            }

            index++;
        }

        return 1000 + Array.IndexOf(CanonicalFieldOrder, field);
    }
}
