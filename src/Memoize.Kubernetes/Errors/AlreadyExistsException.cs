using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>409 AlreadyExists: an object with that name already exists.</summary>
public sealed class AlreadyExistsException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public AlreadyExistsException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
