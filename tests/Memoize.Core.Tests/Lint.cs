using System.Text.Json.Nodes;
using FluentValidation;
using Memoize.Core.Objects;
using Memoize.Core.Rules;

namespace Memoize.Core.Tests;

/// <summary>Runs the validator or a single rule over a document and shows findings as "Severity: message".</summary>
internal static class Lint
{
    /// <summary>Every finding of the whole validator.</summary>
    public static IReadOnlyList<string> All(JsonNode document) =>
        MemoizeValidator.ValidateDocument(document)!.Select(finding => $"{finding.Severity}: {finding.Message}").ToList();

    /// <summary>The findings of one rule over every memoize field of the document.</summary>
    public static IReadOnlyList<string> Rule(IValidator<MemoizeBlockContext> rule, JsonNode document)
    {
        var argoObject = ArgoObject.TryFrom(document)!;
        return MemoizeBlockLocator.LocateSites(argoObject)
            .Select(site => new MemoizeBlockContext(argoObject, site.Path, site.TemplateName, site.Node, site.Template, site.IsTemplateDefaults))
            .SelectMany(context => rule.Validate(context).Errors)
            .Select(failure => $"{(failure.Severity == FluentValidation.Severity.Error ? "Error" : "Warning")}: {failure.ErrorMessage}")
            .ToList();
    }
}
