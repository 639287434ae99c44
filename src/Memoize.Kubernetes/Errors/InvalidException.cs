using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>422 Invalid: the object failed the API server's validation; <see cref="Causes"/> says which fields.</summary>
public sealed class InvalidException : KubernetesApiException
{
    /// <summary>Creates the exception for <paramref name="status"/>.</summary>
    public InvalidException(KubernetesStatus status, HttpStatusCode httpStatusCode)
        : base(status, httpStatusCode)
    {
    }

    /// <summary>The fields that failed validation, as the server listed them.</summary>
    public IReadOnlyList<StatusCause> Causes => Status.Causes;

    /// <summary>True when the object is over the 1 MiB (1048576 bytes) object size limit.</summary>
    public bool IsTooLong =>
        Causes.Any(cause => cause.Reason == "FieldValueTooLong")
        || (Status.Message.Contains("Too long", StringComparison.Ordinal) && Status.Message.Contains("1048576", StringComparison.Ordinal));
}
