using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Memoize.Core.Objects;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>
/// Every memoize rule over every memoize block of an object, as one FluentValidation validator: one validation
/// context per object, not one per block or per rule, which was most of the cost of checking a large Workflow.
/// Within a block the rules run in the order the separate validators ran, so findings come out the same; each
/// failure carries its template's name as <see cref="ValidationFailure.CustomState"/>.
/// </summary>
public sealed class MemoizeBlockRules : AbstractValidator<ReadOnlyArgoObject>
{
    // Where a finding about an absent field goes, after the fields that are written.
    private static readonly string[] CanonicalFieldOrder = ["key", "maxAge", "cache"];

    /// <summary>Creates the validator.</summary>
    public MemoizeBlockRules() => RuleFor(argoObject => argoObject).Custom(static (argoObject, context) => CheckBlocks(argoObject, context));

    /// <summary>Runs the six rules on each memoize field of <paramref name="argoObject"/>, in document order.</summary>
    private static void CheckBlocks(ReadOnlyArgoObject argoObject, ValidationContext<ReadOnlyArgoObject> context)
    {
        // The workflow's parameters are the same for every block: read once.
        Dictionary<string, string?>? workflowParameters = null;
        var findings = new RuleFindings();
        foreach (var site in MemoizeBlockLocator.ReadOnlySites(argoObject))
        {
            workflowParameters ??= VariableScope.WorkflowParametersOf(argoObject);
            Check(new MemoizeBlockContext(argoObject, site.TemplateIndex, site.Memoize, site.Template, workflowParameters), findings, context);
        }
    }

    private static void Check(MemoizeBlockContext block, RuleFindings findings, ValidationContext<ReadOnlyArgoObject> context)
    {
        findings.Clear();
        MemoizeShapeRule.Check(block, findings);
        CacheKeyRule.Check(block, findings);
        MaxAgeRule.Check(block, findings);
        CacheConfigMapRule.Check(block, findings);
        TemplateVariableRule.Check(block, findings);
        ExpressionTagRule.Check(block, findings);
        var failures = findings.Failures;
        if (failures.Count == 0)
        {
            return;
        }

        // A stable sort (OrderBy): within one field the rules' order is kept.
        var ordered = failures.Count > 1 ? failures.OrderBy(failure => FieldRank(block, failure.PropertyName)).ToList() : failures;
        foreach (var failure in ordered)
        {
            failure.CustomState = block.TemplateName;
            context.AddFailure(failure);
        }
    }

    /// <summary>The position of the finding's field in the block as written; absent fields follow in key, maxAge, cache order.</summary>
    private static int FieldRank(MemoizeBlockContext block, string path)
    {
        if (path.Length <= block.Path.Length + 1 || block.Block is not { } written)
        {
            return -1;
        }

        var rest = path[(block.Path.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var field = dot < 0 ? rest : rest[..dot];
        var index = 0;
        foreach (var property in written.EnumerateObject())
        {
            if (property.NameEquals(field) && property.Value.ValueKind != JsonValueKind.Null)
            {
                return index;
            }

            index++;
        }

        return 1000 + Array.IndexOf(CanonicalFieldOrder, field);
    }
}
