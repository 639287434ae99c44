using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Admission.Decorators;

/// <summary>
/// Logs one structured line per review, in a scope with the uid, kind, namespace, name, operation and dry-run flag,
/// with the verdict. Never the object: it may hold secrets and can be megabytes.
/// </summary>
public sealed class LoggedAdmissionHandler(IAdmissionHandler inner, string endpoint, ILogger logger) : IAdmissionHandler
{
    /// <inheritdoc />
    public async Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["uid"] = request.Uid,
            ["kind"] = request.Kind.Kind,
            ["namespace"] = request.Namespace,
            ["name"] = request.DisplayName,
            ["operation"] = request.Operation,
            ["dryRun"] = request.DryRun,
        });
        var response = await inner.HandleAsync(request, cancellationToken);
        logger.LogInformation(
            "/{Endpoint} answered {Verdict} for {Kind} {Object} ({Operation}) with {WarningCount} warnings",
            endpoint,
            response.Verdict.ToString().ToLowerInvariant(),
            request.Kind.Kind,
            FailurePolicyGuard.ObjectName(request),
            request.Operation,
            response.Warnings.Count);
        return response;
    }
}
