using System.Diagnostics;
using Memoize.Webhook.Metrics;

namespace Memoize.Webhook.Admission.Decorators;

/// <summary>Counts every answer by endpoint, kind, operation and verdict, and times it.</summary>
public sealed class MeteredAdmissionHandler(IAdmissionHandler inner, string endpoint, WebhookMetrics metrics) : IAdmissionHandler
{
    /// <inheritdoc />
    public async Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await inner.HandleAsync(request, cancellationToken);
        metrics.RecordReview(endpoint, request.Kind.Kind, request.Operation, response.Verdict, Stopwatch.GetElapsedTime(started).TotalSeconds, response.Warnings.Count);
        return response;
    }
}
