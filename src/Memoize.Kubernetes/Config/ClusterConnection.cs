using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// Everything needed to reach one API server, resolved from a kubeconfig context or the in-cluster
/// service account: the server, whom to trust, who we are, and the default namespace.
/// </summary>
public sealed class ClusterConnection
{
    private readonly Lazy<X509Certificate2?> clientCertificate;

    /// <summary>A connection to <paramref name="server"/> with nothing else set (plain http works, e.g. for a local emulator).</summary>
    public ClusterConnection(Uri server)
        : this(server, new KubernetesClientConfiguration { Host = server?.ToString() })
    {
    }

    /// <summary>A connection to <paramref name="server"/> with the package's configuration for it (kubeconfig or in-cluster).</summary>
    internal ClusterConnection(Uri server, KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"the API server address must be an absolute http or https URL, got {server}", nameof(server));
        }

        Server = server;
        ClientConfiguration = configuration;

        // Once per configuration, before any client serializes with it.
        configuration.AddJsonOptions(options =>
        {
            if (!options.Converters.OfType<MicroTimeConverter>().Any())
            {
                options.Converters.Insert(0, new MicroTimeConverter());
            }
        });
        clientCertificate = new Lazy<X509Certificate2?>(DeriveClientCertificate);
    }

    /// <summary>The API server's base URL, e.g. <c>https://10.96.0.1:443</c>; may carry a path prefix (proxies).</summary>
    public Uri Server { get; }

    /// <summary>
    /// The KubernetesClient package's configuration for this connection: server, CA, TLS options and every credential the
    /// package supports (client certificate, token, token file, exec plugin with re-run on expiry, OIDC); give it to <c>new k8s.Kubernetes(...)</c>.
    /// </summary>
    public KubernetesClientConfiguration ClientConfiguration { get; }

    /// <summary>The certificate authorities the server's certificate must chain to; empty = the system trust store.</summary>
    public X509Certificate2Collection CertificateAuthorities
    {
        get => ClientConfiguration.SslCaCerts ?? [];
        init => ClientConfiguration.SslCaCerts = value;
    }

    /// <summary>The client certificate (with its private key) presented to the server, when the user has one.</summary>
    public X509Certificate2? ClientCertificate => clientCertificate.Value;

    /// <summary>Skip server certificate verification; only ever true when the kubeconfig says <c>insecure-skip-tls-verify: true</c>.</summary>
    public bool InsecureSkipTlsVerify => ClientConfiguration.SkipTlsVerify;

    /// <summary>The name to verify the server certificate against instead of the URL's host (kubeconfig <c>tls-server-name</c>).</summary>
    public string? TlsServerName => string.IsNullOrWhiteSpace(ClientConfiguration.TlsServerName) ? null : ClientConfiguration.TlsServerName;

    /// <summary>The default namespace (the context's namespace, the pod's namespace, else <c>default</c>).</summary>
    public string Namespace { get; init; } = "default";

    /// <summary>Where this connection came from, for messages: <c>in-cluster</c> or <c>kubeconfig PATH, context NAME</c>.</summary>
    public string Source { get; init; } = "explicit";

    /// <summary>
    /// The connection a program's <c>--kubeconfig</c> and <c>--context</c> flags choose, as kubectl's do: with either,
    /// that kubeconfig (else <c>KUBECONFIG</c>, else <c>~/.kube/config</c>) and that context (else current-context);
    /// with neither, <see cref="Detect()"/>.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">The configuration cannot be used, e.g. the context does not exist (the message names those there are).</exception>
    public static ClusterConnection Select(string? kubeconfigPath, string? contextName) =>
        kubeconfigPath is null && contextName is null
            ? Detect()
            : (kubeconfigPath is null ? KubeConfig.LoadDefault() : KubeConfig.Load(kubeconfigPath)).ToConnection(contextName);

    /// <summary>
    /// Finds the configuration the usual way: in-cluster when KUBERNETES_SERVICE_HOST is set and the
    /// service account token exists, else the kubeconfig files in KUBECONFIG, else ~/.kube/config.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">Neither is there, or the one found is wrong.</exception>
    public static ClusterConnection Detect() =>
        Detect(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), InClusterConfig.DefaultDirectory);

    /// <summary><see cref="Detect()"/> with the environment, home directory and service account directory given (tests).</summary>
    internal static ClusterConnection Detect(Func<string, string?> environment, string homeDirectory, string serviceAccountDirectory)
    {
        var tried = new List<string>();
        if (string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")))
        {
            tried.Add("in-cluster (KUBERNETES_SERVICE_HOST is not set)");
        }
        else
        {
            var tokenPath = Path.Combine(serviceAccountDirectory, InClusterConfig.TokenFileName);
            if (File.Exists(tokenPath))
            {
                return InClusterConfig.Load(serviceAccountDirectory, environment);
            }

            tried.Add($"in-cluster ({tokenPath} does not exist)");
        }

        var paths = KubeConfig.DefaultPaths(environment, homeDirectory);
        if (paths.Any(File.Exists))
        {
            return KubeConfig.Load(paths).ToConnection();
        }

        tried.AddRange(paths.Select(path => $"{path} (does not exist)"));
        throw new ClusterConfigurationException(
            $"no Kubernetes configuration found: set KUBECONFIG or create ~/.kube/config (tried: {string.Join(", ", tried)})");
    }

    /// <summary>
    /// The end of the package's HTTP pipeline: verifies the server against <see cref="CertificateAuthorities"/> only, and its
    /// host name, and presents the client certificate. Ours because the package's certificate check ignores a host name
    /// mismatch whenever a CA is configured.
    /// </summary>
    public SocketsHttpHandler CreateHandler()
    {
        var ssl = new SslClientAuthenticationOptions();
        if (!string.IsNullOrEmpty(TlsServerName))
        {
            ssl.TargetHost = TlsServerName;
        }

        if (ClientCertificate is not null)
        {
            ssl.ClientCertificates = [ClientCertificate];
        }

        if (InsecureSkipTlsVerify)
        {
            ssl.RemoteCertificateValidationCallback = AcceptAnyCertificate;
        }
        else if (CertificateAuthorities.Count > 0)
        {
            // Trust only the cluster's CA, not the machine's store; the host name is still checked by the runtime.
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(CertificateAuthorities);
            ssl.CertificateChainPolicy = policy;
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            AutomaticDecompression = DecompressionMethods.GZip,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
    }

    // Our TLS handler presents the pair; the package loads it only into its own handler (CertUtils is internal to it).
    internal static X509Certificate2? LoadClientCertificate(KubernetesClientConfiguration configuration)
    {
        string certificatePem, keyPem;
        if (configuration.ClientCertificateData is not null && configuration.ClientCertificateKeyData is not null)
        {
            certificatePem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(configuration.ClientCertificateData.Trim()));
            keyPem = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(configuration.ClientCertificateKeyData.Trim()));
        }
        else if (configuration.ClientCertificateFilePath is not null && configuration.ClientKeyFilePath is not null)
        {
            certificatePem = File.ReadAllText(configuration.ClientCertificateFilePath);
            keyPem = File.ReadAllText(configuration.ClientKeyFilePath);
        }
        else
        {
            return null;
        }

        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // A PKCS#12 round trip gives a key every platform's TLS stack can use for client authentication.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private X509Certificate2? DeriveClientCertificate() => LoadClientCertificate(ClientConfiguration);

    // Only reachable when the kubeconfig explicitly says insecure-skip-tls-verify: true.
    private static bool AcceptAnyCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
