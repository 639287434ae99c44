using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>403 Forbidden: the caller is not allowed to do this (RBAC), or an admission webhook denied it.</summary>
public sealed class ForbiddenException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public ForbiddenException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
