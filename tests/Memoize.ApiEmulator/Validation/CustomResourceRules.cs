using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>The schema checks of Argo's CRDs (fixtures/crds): <c>spec</c> is required, and spec and status are objects.</summary>
internal static class CustomResourceRules
{
    /// <summary>Validates an Argo custom resource against its structural schema.</summary>
    public static List<FieldError> Validate(JsonObject obj)
    {
        var errors = new List<FieldError>();
        if (!obj.TryGetPropertyValue("spec", out var spec) || spec is null)
        {
            errors.Add(FieldError.Required("spec"));
        }
        foreach (var field in new[] { "spec", "status" })
        {
            if (obj[field] is { } node && node is not JsonObject)
            {
                var type = TypeName(node);
                errors.Add(FieldError.Invalid(field, type, $"{field} in body must be of type object: {GoText.Quote(type)}"));
            }
        }
        return errors;
    }

    private static string TypeName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => node.ToJsonString().Contains('.', StringComparison.Ordinal) ? "number" : "integer",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
