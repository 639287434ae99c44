using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>410 Gone/Expired: the requested resourceVersion is too old (compacted); list again.</summary>
public sealed class ExpiredException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public ExpiredException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }
}
