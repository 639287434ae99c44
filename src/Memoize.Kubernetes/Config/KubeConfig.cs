using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// One or more kubeconfig files merged the way kubectl merges them (the first file that defines a
/// cluster, user, context or current-context wins), resolved to a <see cref="ClusterConnection"/> per context.
/// </summary>
public sealed class KubeConfig
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    private readonly Dictionary<string, Sourced<KubeConfigDocument.ClusterEntry>> clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sourced<KubeConfigDocument.UserEntry>> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sourced<KubeConfigDocument.ContextEntry>> contexts = new(StringComparer.Ordinal);
    private readonly List<string> contextNames = [];
    private readonly List<string> files = [];

    private KubeConfig()
    {
    }

    /// <summary>The files merged, in order (the first one wins per entry).</summary>
    public IReadOnlyList<string> Files => files;

    /// <summary>The current-context, from the first file that sets it; null when none does.</summary>
    public string? CurrentContext { get; private set; }

    /// <summary>Every context name, in file order.</summary>
    public IReadOnlyList<string> ContextNames => contextNames;

    /// <summary>Loads the default kubeconfig: the files in KUBECONFIG (':'-separated), else ~/.kube/config.</summary>
    /// <exception cref="ClusterConfigurationException">No file exists, or one is unreadable or not valid YAML.</exception>
    public static KubeConfig LoadDefault() =>
        Load(DefaultPaths(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>Loads one kubeconfig file.</summary>
    /// <exception cref="ClusterConfigurationException">The file is missing, unreadable or not valid YAML.</exception>
    public static KubeConfig Load(string path) => Load([path]);

    /// <summary>Loads and merges kubeconfig files; files that do not exist are skipped, as kubectl does.</summary>
    /// <exception cref="ClusterConfigurationException">None exists, or one is unreadable or not valid YAML.</exception>
    public static KubeConfig Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var config = new KubeConfig();
        var tried = new List<string>();
        foreach (var path in paths.Where(path => !string.IsNullOrWhiteSpace(path)).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            tried.Add(path);
            if (!File.Exists(path))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ClusterConfigurationException($"cannot read kubeconfig {path}: {ex.Message}", ex);
            }

            config.Merge(text, path);
        }

        if (config.files.Count == 0)
        {
            throw new ClusterConfigurationException(
                $"kubeconfig not found: {(tried.Count == 0 ? "no path given" : string.Join(", ", tried) + " does not exist")}");
        }

        return config;
    }

    /// <summary>Parses kubeconfig YAML as if read from <paramref name="path"/> (relative file paths resolve against its directory).</summary>
    /// <exception cref="ClusterConfigurationException">The text is not valid YAML.</exception>
    public static KubeConfig Parse(string yaml, string path)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        var config = new KubeConfig();
        config.Merge(yaml, Path.GetFullPath(path));
        return config;
    }

    /// <summary>The kubeconfig paths kubectl would use: KUBECONFIG split on ':' when set, else HOME/.kube/config.</summary>
    internal static IReadOnlyList<string> DefaultPaths(Func<string, string?> environment, string homeDirectory)
    {
        var variable = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var listed = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (listed.Length > 0)
            {
                return listed;
            }
        }

        return [Path.Combine(homeDirectory, ".kube", "config")];
    }

    /// <summary>
    /// The namespace a context (default: current-context) names, or null when it names none or does not exist. A
    /// connection says <c>default</c> in both cases; callers with another default (e.g. Argo's namespace) ask here.
    /// </summary>
    public string? NamespaceOf(string? contextName = null)
    {
        var name = contextName ?? CurrentContext;
        return !string.IsNullOrEmpty(name) && contexts.TryGetValue(name, out var context) && !string.IsNullOrWhiteSpace(context.Entry.Namespace)
            ? context.Entry.Namespace.Trim()
            : null;
    }

    /// <summary>Resolves a context (default: current-context) to a connection: server, CA, client certificate, token, namespace.</summary>
    /// <exception cref="ClusterConfigurationException">The context, its cluster or user is missing or wrong; the message names the file and the entry.</exception>
    public ClusterConnection ToConnection(string? contextName = null, TimeProvider? clock = null)
    {
        var allFiles = string.Join(Path.PathSeparator, files);
        var known = contextNames.Count == 0 ? "no contexts are defined" : "contexts: " + string.Join(", ", contextNames);
        var name = contextName ?? CurrentContext;
        if (string.IsNullOrEmpty(name))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {allFiles}: current-context is not set; name a context or run 'kubectl config use-context NAME' ({known})");
        }

        if (!contexts.TryGetValue(name, out var context))
        {
            throw new ClusterConfigurationException($"kubeconfig {allFiles}: context \"{name}\" does not exist ({known})");
        }

        var clusterName = context.Entry.Cluster;
        if (string.IsNullOrEmpty(clusterName))
        {
            throw new ClusterConfigurationException($"kubeconfig {context.File}: context \"{name}\" names no cluster; set contexts[].context.cluster");
        }

        if (!clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {context.File}: context \"{name}\" refers to cluster \"{clusterName}\", which is not defined");
        }

        Sourced<KubeConfigDocument.UserEntry>? user = null;
        var userName = context.Entry.User;
        if (!string.IsNullOrEmpty(userName) && !users.TryGetValue(userName, out user))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {context.File}: context \"{name}\" refers to user \"{userName}\", which is not defined");
        }

        var server = ReadServer(clusterName, cluster);
        var authorities = ReadCertificateAuthorities(clusterName, cluster);
        return new ClusterConnection(server)
        {
            CertificateAuthorities = authorities,
            InsecureSkipTlsVerify = cluster.Entry.InsecureSkipTlsVerify,
            TlsServerName = string.IsNullOrWhiteSpace(cluster.Entry.TlsServerName) ? null : cluster.Entry.TlsServerName,
            ClientCertificate = user is null ? null : ReadClientCertificate(userName!, user),
            Token = user is null ? null : ReadToken(userName!, user, clock),
            Namespace = string.IsNullOrWhiteSpace(context.Entry.Namespace) ? "default" : context.Entry.Namespace,
            Source = $"kubeconfig {context.File}, context {name}",
        };
    }

    private void Merge(string yaml, string path)
    {
        KubeConfigDocument? document;
        try
        {
            document = Yaml.Deserialize<KubeConfigDocument?>(yaml);
        }
        catch (YamlException ex)
        {
            throw new ClusterConfigurationException($"kubeconfig {path} is not valid YAML: {ex.Message}", ex);
        }

        files.Add(path);
        if (document is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
        }

        foreach (var entry in document.Clusters ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name))
            {
                clusters.TryAdd(entry.Name, new(entry.Cluster ?? new(), path));
            }
        }

        foreach (var entry in document.Users ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name))
            {
                users.TryAdd(entry.Name, new(entry.User ?? new(), path));
            }
        }

        foreach (var entry in document.Contexts ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name) && contexts.TryAdd(entry.Name, new(entry.Context ?? new(), path)))
            {
                contextNames.Add(entry.Name);
            }
        }
    }

    private static Uri ReadServer(string clusterName, Sourced<KubeConfigDocument.ClusterEntry> cluster)
    {
        var text = cluster.Entry.Server;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {cluster.File}: cluster \"{clusterName}\" has no server; set clusters[].cluster.server, e.g. https://127.0.0.1:6443");
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var server) || (server.Scheme != Uri.UriSchemeHttps && server.Scheme != Uri.UriSchemeHttp))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {cluster.File}: cluster \"{clusterName}\" has server \"{text}\", which is not an https URL such as https://127.0.0.1:6443");
        }

        return server;
    }

    private static X509Certificate2Collection ReadCertificateAuthorities(string clusterName, Sourced<KubeConfigDocument.ClusterEntry> cluster)
    {
        var entry = cluster.Entry;
        var where = $"kubeconfig {cluster.File}: cluster \"{clusterName}\"";
        string? pem = null;
        var origin = "";
        if (!string.IsNullOrWhiteSpace(entry.CertificateAuthorityData))
        {
            pem = DecodeBase64(entry.CertificateAuthorityData, $"{where}: certificate-authority-data is not valid base64");
            origin = "certificate-authority-data";
        }
        else if (!string.IsNullOrWhiteSpace(entry.CertificateAuthority))
        {
            var file = Resolve(cluster.File, entry.CertificateAuthority);
            pem = ReadFile(file, $"{where}: cannot read certificate-authority file {file}");
            origin = $"certificate-authority file {file}";
        }

        if (pem is null)
        {
            return [];
        }

        if (entry.InsecureSkipTlsVerify)
        {
            throw new ClusterConfigurationException(
                $"{where} sets both insecure-skip-tls-verify and a certificate authority; remove one (verifying against the CA is the safe choice)");
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new ClusterConfigurationException($"{where}: {origin} is not a valid PEM certificate: {ex.Message}", ex);
        }

        if (authorities.Count == 0)
        {
            throw new ClusterConfigurationException($"{where}: {origin} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        return authorities;
    }

    private static X509Certificate2? ReadClientCertificate(string userName, Sourced<KubeConfigDocument.UserEntry> user)
    {
        var entry = user.Entry;
        var where = $"kubeconfig {user.File}: user \"{userName}\"";
        RejectUnsupportedAuthentication(where, entry);

        var certificatePem = ReadPem(user.File, entry.ClientCertificateData, entry.ClientCertificate, "client-certificate", where);
        var keyPem = ReadPem(user.File, entry.ClientKeyData, entry.ClientKey, "client-key", where);
        if (certificatePem is null && keyPem is null)
        {
            return null;
        }

        if (certificatePem is null || keyPem is null)
        {
            throw new ClusterConfigurationException(
                $"{where} has {(certificatePem is null ? "a client-key but no client-certificate" : "a client-certificate but no client-key")}; set both");
        }

        try
        {
            using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);

            // A PKCS#12 round trip gives a key every platform's TLS stack can use for client authentication.
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new ClusterConfigurationException(
                $"{where}: client-certificate and client-key are not a PEM certificate and its matching RSA or EC private key: {ex.Message}", ex);
        }
    }

    private static BearerTokenSource? ReadToken(string userName, Sourced<KubeConfigDocument.UserEntry> user, TimeProvider? clock)
    {
        var entry = user.Entry;
        if (!string.IsNullOrWhiteSpace(entry.Token))
        {
            return BearerTokenSource.FromToken(entry.Token);
        }

        if (string.IsNullOrWhiteSpace(entry.TokenFile))
        {
            return null;
        }

        var file = Resolve(user.File, entry.TokenFile);
        try
        {
            return BearerTokenSource.FromFile(file, clock: clock);
        }
        catch (ClusterConfigurationException ex)
        {
            throw new ClusterConfigurationException($"kubeconfig {user.File}: user \"{userName}\": tokenFile: {ex.Message}", ex);
        }
    }

    private static void RejectUnsupportedAuthentication(string where, KubeConfigDocument.UserEntry entry)
    {
        var hasCredentials = !string.IsNullOrWhiteSpace(entry.Token) || !string.IsNullOrWhiteSpace(entry.TokenFile)
            || entry.ClientCertificate is not null || entry.ClientCertificateData is not null;
        if (hasCredentials)
        {
            return;
        }

        if (entry.Exec is not null)
        {
            throw new ClusterConfigurationException(
                $"{where} uses an exec credential plugin ({entry.Exec.Command}), which this client does not support; use a user with a token, tokenFile or client certificate (for example a service account token)");
        }

        if (entry.AuthProvider is not null)
        {
            throw new ClusterConfigurationException(
                $"{where} uses the auth-provider \"{entry.AuthProvider.Name}\", which this client does not support; use a user with a token, tokenFile or client certificate");
        }

        if (!string.IsNullOrEmpty(entry.Username))
        {
            throw new ClusterConfigurationException(
                $"{where} uses basic authentication (username/password), which Kubernetes no longer supports; use a token or client certificate");
        }
    }

    private static string? ReadPem(string kubeconfigFile, string? data, string? file, string field, string where)
    {
        if (!string.IsNullOrWhiteSpace(data))
        {
            return DecodeBase64(data, $"{where}: {field}-data is not valid base64");
        }

        if (!string.IsNullOrWhiteSpace(file))
        {
            var path = Resolve(kubeconfigFile, file);
            return ReadFile(path, $"{where}: cannot read {field} file {path}");
        }

        return null;
    }

    private static string DecodeBase64(string data, string error)
    {
        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(data.Trim()));
        }
        catch (FormatException ex)
        {
            throw new ClusterConfigurationException(error, ex);
        }
    }

    private static string ReadFile(string path, string error)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException($"{error}: {ex.Message}", ex);
        }
    }

    // kubectl resolves relative paths against the directory of the file that names them.
    private static string Resolve(string kubeconfigFile, string path) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(kubeconfigFile) ?? ".", path.Trim()));

    private sealed record Sourced<T>(T Entry, string File);
}
