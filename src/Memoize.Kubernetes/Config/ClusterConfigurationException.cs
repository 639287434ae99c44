namespace Memoize.Kubernetes.Config;

/// <summary>The Kubernetes configuration (kubeconfig or in-cluster) is missing or wrong; the message says what and where.</summary>
public class ClusterConfigurationException : Exception
{
    /// <summary>Creates the exception with a message a person can act on.</summary>
    public ClusterConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
