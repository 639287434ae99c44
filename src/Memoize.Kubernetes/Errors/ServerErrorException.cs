using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>5xx: the API server (or a proxy in front of it) failed; reads are retried, writes are not.</summary>
public sealed class ServerErrorException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public ServerErrorException(KubernetesStatus status, HttpStatusCode httpStatusCode, TimeSpan? retryAfter)
        : base(status, httpStatusCode)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked to wait, when it sent Retry-After.</summary>
    public TimeSpan? RetryAfter { get; }
}
