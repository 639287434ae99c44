namespace Memoize.Webhook.Admission;

/// <summary>The pure core of an admission endpoint: one request in, one decision out. HTTP stays in the adapter.</summary>
public interface IAdmissionHandler
{
    /// <summary>Decides about <paramref name="request"/>.</summary>
    Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
