using Memoize.Webhook.Metrics;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Admission.Decorators;

/// <summary>
/// Turns an exception inside a handler into an answer, per failurePolicy: a 500 denial that says an internal
/// error happened (Fail), or an unchanged admission with a warning (Ignore). Counted and logged with the exception;
/// the person sees no stack trace.
/// </summary>
public sealed class FailurePolicyGuard(IAdmissionHandler inner, FailurePolicy policy, string endpoint, WebhookMetrics metrics, ILogger logger) : IAdmissionHandler
{
    /// <inheritdoc />
    public async Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.HandleAsync(request, cancellationToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            metrics.RecordInternalError(endpoint);
            logger.LogError(e, "Internal error in /{Endpoint} while checking {Kind} {Object}", endpoint, request.Kind.Kind, ObjectName(request));
            return policy == FailurePolicy.Fail
                ? AdmissionResponse.Errored($"internal error: the memoize webhook failed while checking {request.Kind.Kind} {ObjectName(request)}, so the request is denied (the webhook fails closed); this is a bug in the webhook, and its log has the details under uid {request.Uid}")
                : AdmissionResponse.Allowed([$"memoize: internal error in the mutating webhook, so no cache label or RBAC hint was added; its log has the details under uid {request.Uid}"]);
        }
    }

    /// <summary><c>namespace/name</c>, or the name alone for cluster-scoped objects.</summary>
    public static string ObjectName(AdmissionRequest request) =>
        string.IsNullOrEmpty(request.Namespace) ? request.DisplayName : $"{request.Namespace}/{request.DisplayName}";
}
