using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// The configuration a pod gets for free: the API server from KUBERNETES_SERVICE_HOST/PORT and the
/// service account's token, CA and namespace under /var/run/secrets/kubernetes.io/serviceaccount.
/// </summary>
public static class InClusterConfig
{
    /// <summary>Where Kubernetes mounts the service account files.</summary>
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The token file's name inside the service account directory.</summary>
    public const string TokenFileName = "token";

    /// <summary>The CA bundle's name inside the service account directory.</summary>
    public const string CertificateAuthorityFileName = "ca.crt";

    /// <summary>The namespace file's name inside the service account directory.</summary>
    public const string NamespaceFileName = "namespace";

    /// <summary>
    /// Reads the in-cluster configuration; <paramref name="serviceAccountDirectory"/> and <paramref name="environment"/>
    /// default to the real ones (tests pass a temp dir). The package's <c>TokenFileAuth</c> re-reads the rotated token every minute.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">Not in a pod, or the service account files are missing or wrong.</exception>
    public static ClusterConnection Load(
        string? serviceAccountDirectory = null,
        Func<string, string?>? environment = null)
    {
        var directory = serviceAccountDirectory ?? DefaultDirectory;
        environment ??= Environment.GetEnvironmentVariable;

        var host = environment("KUBERNETES_SERVICE_HOST")?.Trim();
        if (string.IsNullOrEmpty(host))
        {
            throw new ClusterConfigurationException("in-cluster configuration: KUBERNETES_SERVICE_HOST is not set (this process is not running in a pod)");
        }

        var portText = environment("KUBERNETES_SERVICE_PORT")?.Trim();
        var port = 443;
        if (!string.IsNullOrEmpty(portText)
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new ClusterConfigurationException($"in-cluster configuration: KUBERNETES_SERVICE_PORT \"{portText}\" is not a port number (1-65535)");
        }

        // An IPv6 service address must be bracketed in a URL.
        var isIpv6 = System.Net.IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;
        var authority = isIpv6 ? $"[{host}]:{port}" : $"{host}:{port}";
        if (!Uri.TryCreate($"https://{authority}", UriKind.Absolute, out var server))
        {
            throw new ClusterConfigurationException($"in-cluster configuration: KUBERNETES_SERVICE_HOST \"{host}\" is not a host name or IP address");
        }

        var tokenPath = Path.Combine(directory, TokenFileName);
        try
        {
            BearerTokenFile.Check(tokenPath);
        }
        catch (ClusterConfigurationException ex)
        {
            throw new ClusterConfigurationException($"in-cluster configuration: {ex.Message}", ex);
        }

        var caPath = Path.Combine(directory, CertificateAuthorityFileName);
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(File.ReadAllText(caPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new ClusterConfigurationException($"in-cluster configuration: cannot read the cluster CA {caPath}: {ex.Message}", ex);
        }

        if (authorities.Count == 0)
        {
            throw new ClusterConfigurationException($"in-cluster configuration: the cluster CA {caPath} holds no PEM certificate");
        }

        var namespacePath = Path.Combine(directory, NamespaceFileName);
        var ns = File.Exists(namespacePath) ? File.ReadAllText(namespacePath).Trim() : "";
        // The package's TokenFileAuth re-reads the rotated token file itself (see docs/kubernetes-client.md).
        var configuration = new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            SslCaCerts = authorities,
            TokenProvider = new TokenFileAuth(tokenPath),
            Namespace = ns.Length == 0 ? "default" : ns,
        };
        return new ClusterConnection(server, configuration)
        {
            Namespace = ns.Length == 0 ? "default" : ns,
            Source = "in-cluster",
        };
    }
}
