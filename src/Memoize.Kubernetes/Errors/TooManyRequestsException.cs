using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>429 TooManyRequests: the server is throttling; it did not process the request, so it is safe to retry after <see cref="RetryAfter"/>.</summary>
public sealed class TooManyRequestsException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public TooManyRequestsException(KubernetesStatus status, HttpStatusCode httpStatusCode, TimeSpan? retryAfter)
        : base(status, httpStatusCode)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait (Retry-After header or details.retryAfterSeconds), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
