using System.Runtime.InteropServices;
using System.Text.Json;

namespace Memoize.Webhook.Admission.Decorators;

/// <summary>
/// Allows at once an UPDATE of an Argo object whose <c>spec</c> did not change: Argo's controller rewrites whole
/// Workflows as nodes progress (no status subresource), and those writes must not pay for the rules.
/// </summary>
public sealed class UnchangedSpecFilter(IAdmissionHandler inner) : IAdmissionHandler
{
    /// <inheritdoc />
    public Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken) =>
        IsUnchangedSpecUpdate(request)
            ? Task.FromResult(AdmissionResponse.Allowed())
            : inner.HandleAsync(request, cancellationToken);

    /// <summary>True for an UPDATE of an Argo kind whose object.spec deep-equals oldObject.spec.</summary>
    public static bool IsUnchangedSpecUpdate(AdmissionRequest request) =>
        request.Operation == "UPDATE"
        && request.Kind.IsArgoKind
        && request.ObjectJson is { } json
        && request.OldObjectJson is { } oldJson
        && SpecsEqual(json, oldJson);

    // kube-apiserver encodes object and oldObject alike, so an unchanged spec is the same bytes: compared as bytes,
    // without building a node per field of either (a status write of a large Workflow is then almost free). Bytes
    // that differ are compared as JSON values, as before: key order or number spelling do not make a change.
    private static bool SpecsEqual(JsonElement json, JsonElement oldJson)
    {
        var spec = SpecOf(json);
        var oldSpec = SpecOf(oldJson);
        if (spec is not { } a || oldSpec is not { } b)
        {
            return spec is null && oldSpec is null;
        }

        return JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b)) || JsonElement.DeepEquals(a, b);
    }

    // An absent spec and "spec": null are the same, as they are to JsonNode.
    private static JsonElement? SpecOf(JsonElement obj) =>
        obj.TryGetProperty("spec", out var spec) && spec.ValueKind != JsonValueKind.Null ? spec : null;
}
