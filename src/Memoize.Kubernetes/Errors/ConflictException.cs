using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>409 Conflict: the object changed since it was read (stale resourceVersion); read it again and retry.</summary>
public sealed class ConflictException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public ConflictException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
