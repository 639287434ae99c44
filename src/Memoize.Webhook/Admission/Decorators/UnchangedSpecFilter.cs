using System.Text.Json.Nodes;

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
        && request.Object is not null
        && request.OldObject is not null
        && JsonNode.DeepEquals(request.Object["spec"], request.OldObject["spec"]);
}
