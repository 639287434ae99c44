using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>Kubernetes' Lease validation (pkg/apis/coordination/validation).</summary>
internal static class LeaseRules
{
    /// <summary>leaseDurationSeconds must be positive, leaseTransitions non-negative.</summary>
    public static List<FieldError> Validate(JsonObject lease)
    {
        var errors = new List<FieldError>();
        var spec = WireJson.GetObject(lease, "spec");
        if (spec?["leaseDurationSeconds"] is JsonValue duration && duration.TryGetValue<long>(out var seconds) && seconds <= 0)
        {
            errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", seconds, "must be greater than 0"));
        }
        if (spec?["leaseTransitions"] is JsonValue transitions && transitions.TryGetValue<long>(out var count) && count < 0)
        {
            errors.Add(FieldError.Invalid("spec.leaseTransitions", count, "must be greater than or equal to 0"));
        }
        return errors;
    }
}
