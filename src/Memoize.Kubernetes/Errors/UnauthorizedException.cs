using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>401 Unauthorized: the credentials (token or client certificate) were not accepted.</summary>
public sealed class UnauthorizedException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public UnauthorizedException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
