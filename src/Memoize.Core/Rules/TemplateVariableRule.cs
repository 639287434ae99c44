using FluentValidation;
using Memoize.Core.Objects;
using Memoize.Core.Templates;
using Memoize.Core.Text;

namespace Memoize.Core.Rules;

/// <summary>
/// Every <c>{{variable}}</c> in key, maxAge and cache name must be one Argo substitutes: otherwise Argo leaves the
/// tag in place and the lookup fails at run time. A WorkflowTemplate's undeclared workflow parameter is only a
/// warning, since it may be given at submission.
/// </summary>
public sealed class TemplateVariableRule : AbstractValidator<MemoizeBlockContext>
{
    private const string Accepted =
        "inputs.parameters.<name>, workflow.parameters.<name>, workflow.name, workflow.namespace, workflow.uid, node.name, pod.name, steps.name, tasks.name or item";

    /// <summary>Creates the rule.</summary>
    public TemplateVariableRule() => RuleFor(block => block).Custom(static (block, context) =>
    {
        var findings = new RuleFindings();
        Check(block, findings);
        findings.CopyTo(context);
    });

    /// <summary>The rule's check, also run by <see cref="MemoizeBlockRules"/> with the others in one pass.</summary>
    internal static void Check(MemoizeBlockContext block, RuleFindings context)
    {
        for (var index = 0; index < MemoizeBlockContext.TemplatedFieldCount; index++)
        {
            if (block.TemplatedFieldAt(index) is not { IsTemplated: true } field)
            {
                continue;
            }

            HashSet<string>? reported = null;
            for (var tag = 0; tag < field.TagCount; tag++)
            {
                // Only a tag that is reported becomes strings: a clean field allocates nothing here.
                if (field.TagKind(tag) != TemplateSegmentKind.Variable || field.TagStatus(tag) is VariableStatus.Known or VariableStatus.Unknown
                    || !(reported ??= new HashSet<string>(StringComparer.Ordinal)).Add(field.TagText(tag)))
                {
                    continue;
                }

                var path = block.TemplatedFieldPath(index);
                var resolution = new VariableResolution(field.TagName(tag), field.TagStatus(tag), null);
                var message = FieldMessage.Invalid(path, FieldMessage.Written(field.TagText(tag)), Explain(block, resolution));
                if (resolution.Status == VariableStatus.GivenAtSubmission)
                {
                    context.AddWarning(path, message);
                }
                else
                {
                    context.AddError(path, message);
                }
            }
        }
    }

    private static string Explain(MemoizeBlockContext block, VariableResolution resolution)
    {
        var name = resolution.Name;
        string parameter;
        var argumentsPath = $"{block.Object.WorkflowSpecPath}.arguments.parameters";
        switch (resolution.Status)
        {
            case VariableStatus.UndeclaredInputParameter:
                parameter = name["inputs.parameters.".Length..];
                var template = block.TemplateName is null ? "the template" : $"template {GoQuote.Quote(block.TemplateName)}";
                return $"{template} declares no input parameter {GoQuote.Quote(parameter)}; declare it under inputs.parameters, e.g. inputs: {{parameters: [{{name: {parameter}}}]}}";
            case VariableStatus.UndeclaredWorkflowParameter:
                parameter = name["workflow.parameters.".Length..];
                return $"the workflow declares no parameter {GoQuote.Quote(parameter)} under {argumentsPath}; add it, e.g. arguments: {{parameters: [{{name: {parameter}, value: \"x\"}}]}}";
            case VariableStatus.GivenAtSubmission:
                parameter = name["workflow.parameters.".Length..];
                var kind = block.Object.Kind == ArgoKind.ClusterWorkflowTemplate ? "cluster workflow template" : "workflow template";
                var from = $"{block.Object.Kind.ToLowerInvariant()}/{(block.Object.DisplayName.Length > 0 ? block.Object.DisplayName : "<name>")}";
                return $"the {kind} declares no parameter {GoQuote.Quote(parameter)} under {argumentsPath}, so every workflow submitted from it must give one (e.g. argo submit --from {from} -p {parameter}=x); to be safe declare it with a default, e.g. arguments: {{parameters: [{{name: {parameter}, value: \"x\"}}]}}";
            default:
                // A misspelt parameter reference gets its likely correction as the example.
                var example = SuggestVariable(name) ?? "inputs.parameters.message";
                return $"{GoQuote.Quote(name)} is not a variable Argo substitutes here; use {Accepted}, e.g. \"{{{{{example}}}}}\"";
        }
    }

    /// <summary>The intended variable for common misspellings such as <c>inputs.parameter.x</c> or <c>input.parameters.x</c>.</summary>
    private static string? SuggestVariable(string name)
    {
        var parts = name.Split('.', 3);
        if (parts.Length < 3 || parts[2].Length == 0 || !parts[1].StartsWith("param", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var scope = parts[0].ToLowerInvariant() switch
        {
            "input" or "inputs" => "inputs",
            "workflow" or "workflows" => "workflow",
            _ => null,
        };
        var suggestion = scope is null ? null : $"{scope}.parameters.{parts[2]}";
        return suggestion == name ? null : suggestion;
    }
}
