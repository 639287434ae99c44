using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;

namespace Memoize.Core.Rules;

/// <summary>Runs every memoize rule over an Argo object: the one verdict lint, the webhook and the reconciler share.</summary>
public static class MemoizeValidator
{
    // Built once: a validator is immutable, and building one compiles its rules.
    private static readonly MemoizeBlockRules Rules = new();

    /// <summary>All findings of the object at once (errors and warnings), in document order.</summary>
    public static IReadOnlyList<Finding> Validate(ArgoObject argoObject) => Validate(ReadOnlyArgoObject.From(argoObject));

    /// <summary>The same over read-only JSON: the webhook's path, where no field becomes a node.</summary>
    public static IReadOnlyList<Finding> Validate(ReadOnlyArgoObject argoObject)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        var failures = Rules.Validate(argoObject).Errors;
        if (failures.Count == 0)
        {
            return [];
        }

        var findings = new List<Finding>(failures.Count);
        foreach (var failure in failures)
        {
            findings.Add(new Finding(
                failure.PropertyName,
                failure.Severity == FluentValidation.Severity.Error ? Severity.Error : Severity.Warning,
                failure.ErrorMessage,
                (string?)failure.CustomState));
        }

        return findings;
    }

    /// <summary>Findings for any JSON document; null when it is not one of the four Argo kinds.</summary>
    public static IReadOnlyList<Finding>? ValidateDocument(JsonNode? document)
    {
        var argoObject = ArgoObject.TryFrom(document);
        return argoObject is null ? null : Validate(argoObject);
    }

    /// <summary>The same for read-only JSON.</summary>
    public static IReadOnlyList<Finding>? ValidateDocument(JsonElement document)
    {
        var argoObject = ReadOnlyArgoObject.TryFrom(document);
        return argoObject is null ? null : Validate(argoObject);
    }
}
