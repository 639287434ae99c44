using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// One or more kubeconfig files read by the KubernetesClient package and merged the way kubectl merges them (the first
/// file that defines a cluster, user, context or current-context wins), resolved to a <see cref="ClusterConnection"/> per context.
/// Only our checks live here, so that a broken entry is one line naming the file and the entry.
/// </summary>
public sealed class KubeConfig
{
    private readonly Dictionary<string, Sourced<Cluster>> clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sourced<User>> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sourced<Context>> contexts = new(StringComparer.Ordinal);
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
            if (File.Exists(path))
            {
                config.Merge(Read(path), path);
            }
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
        var fullPath = Path.GetFullPath(path);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        var config = new KubeConfig();
        config.Merge(Deserialize(fullPath, () => KubernetesClientConfiguration.LoadKubeConfig(stream)), fullPath, KubeConfigTokenFiles.Read(yaml));
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
        return !string.IsNullOrEmpty(name) && contexts.TryGetValue(name, out var context)
            && !string.IsNullOrWhiteSpace(context.Entry.ContextDetails?.Namespace)
            ? context.Entry.ContextDetails.Namespace.Trim()
            : null;
    }

    /// <summary>
    /// Resolves a context (default: current-context) to a connection whose <see cref="ClusterConnection.ClientConfiguration"/>
    /// the package builds: server, CA, client certificate, token, token file, exec plugin, OIDC, namespace.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">The context, its cluster or user is missing or wrong; the message names the file and the entry.</exception>
    /// <exception cref="CredentialPluginException">The user's exec credential plugin failed.</exception>
    public ClusterConnection ToConnection(string? contextName = null)
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

        var clusterName = context.Entry.ContextDetails?.Cluster;
        if (string.IsNullOrEmpty(clusterName))
        {
            throw new ClusterConfigurationException($"kubeconfig {context.File}: context \"{name}\" names no cluster; set contexts[].context.cluster");
        }

        if (!clusters.TryGetValue(clusterName, out var cluster))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {context.File}: context \"{name}\" refers to cluster \"{clusterName}\", which is not defined");
        }

        Sourced<User>? user = null;
        var userName = context.Entry.ContextDetails!.User;
        if (!string.IsNullOrEmpty(userName) && !users.TryGetValue(userName, out user))
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {context.File}: context \"{name}\" refers to user \"{userName}\", which is not defined");
        }

        var server = CheckServer(clusterName, cluster);
        CheckCertificateAuthority(clusterName, cluster);
        string? tokenFile = null;
        if (user is not null)
        {
            CheckUser(userName!, user);
            tokenFile = TokenFileOf(user);
        }

        var configuration = Build(name, context.File, userName, user);
        if (tokenFile is not null && configuration.TokenProvider is null && string.IsNullOrEmpty(configuration.AccessToken))
        {
            // The package's kubeconfig model has no tokenFile; its TokenFileAuth re-reads the file as it does in-cluster.
            configuration.TokenProvider = new TokenFileAuth(tokenFile);
        }

        if (user is not null)
        {
            CheckClientCertificate(userName!, user, configuration);
        }

        return new ClusterConnection(server, configuration)
        {
            Namespace = string.IsNullOrWhiteSpace(context.Entry.ContextDetails.Namespace) ? "default" : context.Entry.ContextDetails.Namespace.Trim(),
            Source = $"kubeconfig {context.File}, context {name}",
        };
    }

    // The package builds every kind of credential; a refusal is turned into one line naming the file, context and user.
    private KubernetesClientConfiguration Build(string contextName, string contextFile, string? userName, Sourced<User>? user)
    {
        // The package reads the context by name from one model: hand it the merged entries, paths already absolute.
        var model = new K8SConfiguration
        {
            CurrentContext = contextName,
            Clusters = clusters.Values.Select(entry => entry.Entry).ToList(),
            Users = users.Values.Select(entry => entry.Entry).ToList(),
            Contexts = contexts.Values.Select(entry => entry.Entry).Where(entry => entry.Name != contextName).ToList(),
        };
        var chosen = contexts[contextName].Entry;
        var tokenFileOnly = user is not null && user.TokenFile is not null && !HasPackageCredentials(user.Entry.UserCredentials!);
        model.Contexts = model.Contexts.Append(tokenFileOnly
            ? new Context
            {
                Name = chosen.Name,

                // The package would refuse a user with only a tokenFile (its model lacks the field); the caller adds the token file.
                ContextDetails = new ContextDetails { Cluster = chosen.ContextDetails!.Cluster, Namespace = chosen.ContextDetails.Namespace },
            }
            : chosen).ToList();
        var exec = user?.Entry.UserCredentials?.ExternalExecution;
        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(model, contextName);
        }
        catch (KubeConfigException ex) when (exec is not null)
        {
            throw CredentialPluginException.From(exec, $"kubeconfig {user!.File}: user \"{userName}\"", ex);
        }
        catch (Exception ex) when (ex is KubeConfigException or CryptographicException or FormatException or IOException or UnauthorizedAccessException)
        {
            var who = user is null ? "" : $", user \"{userName}\"";
            throw new ClusterConfigurationException($"kubeconfig {user?.File ?? contextFile}: context \"{contextName}\"{who}: {OneLine(ex.Message)}", ex);
        }
    }

    private static string Read(string path)
    {
        try
        {
            // Read once ourselves so that an unreadable file is our message, not the package's.
            using (File.OpenRead(path))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException($"cannot read kubeconfig {path}: {ex.Message}", ex);
        }

        return path;
    }

    private void Merge(string path, string fullPath)
    {
        var document = Deserialize(fullPath, () => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: true));
        Merge(document, fullPath, KubeConfigTokenFiles.Read(File.ReadAllText(path)));
    }

    private static K8SConfiguration? Deserialize(string path, Func<K8SConfiguration?> load)
    {
        try
        {
            return load();
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or KubeConfigException or InvalidOperationException)
        {
            throw new ClusterConfigurationException($"kubeconfig {path} is not valid YAML: {OneLine(ex.Message)}", ex);
        }
    }

    private void Merge(K8SConfiguration? document, string path, IReadOnlyDictionary<string, string> tokenFiles)
    {
        files.Add(path);
        if (document is null)
        {
            return;
        }

        if (string.IsNullOrEmpty(CurrentContext) && !string.IsNullOrEmpty(document.CurrentContext))
        {
            CurrentContext = document.CurrentContext;
        }

        // kubectl resolves relative paths against the directory of the file that names them, so make them absolute per file before merging.
        foreach (var entry in document.Clusters ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name) && entry.ClusterEndpoint is not null)
            {
                entry.ClusterEndpoint.CertificateAuthority = Resolve(path, entry.ClusterEndpoint.CertificateAuthority);
                clusters.TryAdd(entry.Name, new(entry, path));
            }
            else if (!string.IsNullOrEmpty(entry.Name))
            {
                entry.ClusterEndpoint = new ClusterEndpoint();
                clusters.TryAdd(entry.Name, new(entry, path));
            }
        }

        foreach (var entry in document.Users ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name))
            {
                entry.UserCredentials ??= new UserCredentials();
                entry.UserCredentials.ClientCertificate = Resolve(path, entry.UserCredentials.ClientCertificate);
                entry.UserCredentials.ClientKey = Resolve(path, entry.UserCredentials.ClientKey);
                var tokenFile = Resolve(path, tokenFiles.GetValueOrDefault(entry.Name));
                users.TryAdd(entry.Name, new(entry, path, tokenFile));
            }
        }

        foreach (var entry in document.Contexts ?? [])
        {
            if (!string.IsNullOrEmpty(entry.Name) && contexts.TryAdd(entry.Name, new(entry, path)))
            {
                entry.ContextDetails ??= new ContextDetails();
                contextNames.Add(entry.Name);
            }
        }
    }

    private static bool HasPackageCredentials(UserCredentials entry) =>
        !string.IsNullOrWhiteSpace(entry.Token) || !string.IsNullOrWhiteSpace(entry.ClientCertificateData) || !string.IsNullOrWhiteSpace(entry.ClientCertificate)
        || entry.ExternalExecution is not null || entry.AuthProvider is not null || !string.IsNullOrWhiteSpace(entry.UserName);

    private static Uri CheckServer(string clusterName, Sourced<Cluster> cluster)
    {
        var text = cluster.Entry.ClusterEndpoint?.Server;
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

    // The package would load a bad CA as an opaque CryptographicException, or not at all for http; say which field is wrong.
    private static void CheckCertificateAuthority(string clusterName, Sourced<Cluster> cluster)
    {
        var entry = cluster.Entry.ClusterEndpoint!;
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
            pem = ReadFile(entry.CertificateAuthority, $"{where}: cannot read certificate-authority file {entry.CertificateAuthority}");
            origin = $"certificate-authority file {entry.CertificateAuthority}";
        }

        if (pem is null)
        {
            return;
        }

        if (entry.SkipTlsVerify)
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
    }

    private static void CheckUser(string userName, Sourced<User> user)
    {
        var entry = user.Entry.UserCredentials!;
        var where = $"kubeconfig {user.File}: user \"{userName}\"";
        var hasCertificate = !string.IsNullOrWhiteSpace(entry.ClientCertificateData) || !string.IsNullOrWhiteSpace(entry.ClientCertificate);
        var hasKey = !string.IsNullOrWhiteSpace(entry.ClientKeyData) || !string.IsNullOrWhiteSpace(entry.ClientKey);
        if (hasCertificate != hasKey)
        {
            // The package silently ignores half a pair; we say so.
            throw new ClusterConfigurationException(
                $"{where} has {(hasCertificate ? "a client-certificate but no client-key" : "a client-key but no client-certificate")}; set both");
        }

        if (!string.IsNullOrWhiteSpace(entry.ClientCertificateData))
        {
            DecodeBase64(entry.ClientCertificateData, $"{where}: client-certificate-data is not valid base64");
            DecodeBase64(entry.ClientKeyData!, $"{where}: client-key-data is not valid base64");
        }
        else if (hasCertificate)
        {
            ReadFile(entry.ClientCertificate!, $"{where}: cannot read client-certificate file {entry.ClientCertificate}");
            ReadFile(entry.ClientKey!, $"{where}: cannot read client-key file {entry.ClientKey}");
        }

        var hasCredentials = hasCertificate || !string.IsNullOrWhiteSpace(entry.Token) || user.TokenFile is not null
            || entry.ExternalExecution is not null || entry.AuthProvider is not null;
        if (!hasCredentials && !string.IsNullOrEmpty(entry.UserName))
        {
            throw new ClusterConfigurationException(
                $"{where} uses basic authentication (username/password), which Kubernetes no longer supports; use a token or client certificate");
        }

        if (string.IsNullOrWhiteSpace(entry.Token) && user.TokenFile is not null)
        {
            try
            {
                BearerTokenFile.Check(user.TokenFile);
            }
            catch (ClusterConfigurationException ex)
            {
                throw new ClusterConfigurationException($"{where}: tokenFile: {ex.Message}", ex);
            }
        }
    }

    private static string? TokenFileOf(Sourced<User> user) =>
        string.IsNullOrWhiteSpace(user.Entry.UserCredentials!.Token) ? user.TokenFile : null;

    // The package loads the pair only when the first request is made; load it now so a mismatched key is a configuration error.
    private static void CheckClientCertificate(string userName, Sourced<User> user, KubernetesClientConfiguration configuration)
    {
        if (configuration.ClientCertificateData is null && configuration.ClientCertificateFilePath is null)
        {
            return;
        }

        try
        {
            using var certificate = ClusterConnection.LoadClientCertificate(configuration);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or KubeConfigException or FormatException)
        {
            throw new ClusterConfigurationException(
                $"kubeconfig {user.File}: user \"{userName}\": client-certificate and client-key are not a PEM certificate and its matching RSA or EC private key: {OneLine(ex.Message)}", ex);
        }
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

    private static string OneLine(string message)
    {
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        return (end < 0 ? line : line[..end]).ToString();
    }

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(path))]
    private static string? Resolve(string kubeconfigFile, string? path) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(kubeconfigFile) ?? ".", path.Trim()));

    private sealed record Sourced<T>(T Entry, string File, string? TokenFile = null);
}
