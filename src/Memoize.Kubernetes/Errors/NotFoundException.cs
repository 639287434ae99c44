using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>404 NotFound: the object (or the resource type) does not exist.</summary>
public sealed class NotFoundException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public NotFoundException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
