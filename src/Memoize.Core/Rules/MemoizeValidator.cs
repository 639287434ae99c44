using System.Text.Json.Nodes;
using Memoize.Core.Objects;

namespace Memoize.Core.Rules;

/// <summary>Runs every memoize rule over an Argo object: the one verdict lint, the webhook and the reconciler share.</summary>
public static class MemoizeValidator
{
    /// <summary>All findings of the object at once (errors and warnings), in document order.</summary>
    public static IReadOnlyList<Finding> Validate(ArgoObject argoObject) => throw new NotImplementedException("issue 2");

    /// <summary>Findings for any JSON document; null when it is not one of the four Argo kinds.</summary>
    public static IReadOnlyList<Finding>? ValidateDocument(JsonNode? document)
    {
        var argoObject = ArgoObject.TryFrom(document);
        return argoObject is null ? null : Validate(argoObject);
    }
}
