using System.Net;

namespace Memoize.Kubernetes.Errors;

/// <summary>No answer from the API server: connection refused or reset, DNS or TLS failure, or a timeout.</summary>
public sealed class ServerUnreachableException : KubernetesApiException
{
    /// <summary>Creates the exception; <paramref name="message"/> names the server and what went wrong.</summary>
    public ServerUnreachableException(string message, Exception? innerException)
        : base(new KubernetesStatus(0, "ServiceUnavailable", message, null, null, [], null), 0, innerException)
    {
    }
}
