using k8s.Authentication;
using k8s.Exceptions;

namespace Memoize.Kubernetes.Config;

// Bridge until KubernetesApiClient is on k8s.Kubernetes: the package's client takes the token from
// ClusterConnection.ClientConfiguration (AccessToken, TokenProvider) itself, and this type goes.

/// <summary>
/// The bearer token the hand-written API client sends: fixed, read from a file that the kubelet rotates (projected service
/// account tokens; re-read when it may have changed), or asked of the KubernetesClient package's token provider (exec plugin, OIDC).
/// </summary>
public sealed class BearerTokenSource
{
    private readonly ITokenProvider? provider;
    private readonly string? providerSource;

    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly TimeSpan refreshInterval;
    private string token;
    private DateTimeOffset readAt;

    private BearerTokenSource(string token, string? path, TimeSpan refreshInterval, TimeProvider clock)
    {
        this.token = token;
        FilePath = path;
        this.refreshInterval = refreshInterval;
        this.clock = clock;
        readAt = clock.GetUtcNow();
    }

    /// <summary>How often a token file is re-read by default (the kubelet rotates well before expiry).</summary>
    public static TimeSpan DefaultRefreshInterval { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The token file, or null for a fixed token.</summary>
    public string? FilePath { get; }

    private BearerTokenSource(ITokenProvider provider, string source)
        : this("", null, Timeout.InfiniteTimeSpan, TimeProvider.System)
    {
        this.provider = provider;
        providerSource = source;
    }

    /// <summary>A token asked of the package's <paramref name="provider"/> on every request; it caches and re-runs an exec plugin on expiry.</summary>
    public static BearerTokenSource FromProvider(ITokenProvider provider, string source)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(source);
        return new BearerTokenSource(provider, source);
    }

    /// <summary>A fixed token (kubeconfig <c>token</c>).</summary>
    public static BearerTokenSource FromToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new BearerTokenSource(token.Trim(), null, Timeout.InfiniteTimeSpan, TimeProvider.System);
    }

    /// <summary>A token read from <paramref name="path"/> now and again after <paramref name="refreshInterval"/> (default one minute).</summary>
    /// <exception cref="ClusterConfigurationException">The file cannot be read or is empty.</exception>
    public static BearerTokenSource FromFile(string path, TimeSpan? refreshInterval = null, TimeProvider? clock = null)
    {
        var token = ReadTokenFile(path) ?? throw new ClusterConfigurationException($"the bearer token file {path} is empty; it must hold the token");
        return new BearerTokenSource(token, path, refreshInterval ?? DefaultRefreshInterval, clock ?? TimeProvider.System);
    }

    /// <summary>The current token; a token file is re-read when the refresh interval has passed; a provider is asked each time.</summary>
    /// <exception cref="CredentialPluginException">The provider (e.g. a re-run exec plugin) failed.</exception>
    public string GetToken()
    {
        if (provider is not null)
        {
            return FromProviderNow();
        }

        lock (gate)
        {
            if (FilePath is not null && clock.GetUtcNow() - readAt >= refreshInterval)
            {
                ReloadLocked();
            }

            return token;
        }
    }

    /// <summary>Re-reads the token file now (after a 401); returns true when the token changed, so a retry may succeed.</summary>
    public bool Refresh()
    {
        lock (gate)
        {
            if (FilePath is null)
            {
                return false;
            }

            var before = token;
            ReloadLocked();
            return !string.Equals(before, token, StringComparison.Ordinal);
        }
    }

    private string FromProviderNow()
    {
        try
        {
            // Bridge only: the hand-written client is synchronous here; the package's provider runs the plugin on a worker thread.
            return provider!.GetAuthenticationHeaderAsync(CancellationToken.None).GetAwaiter().GetResult().Parameter ?? "";
        }
        catch (KubeConfigException ex)
        {
            var first = ex.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
            throw new CredentialPluginException($"{providerSource}: the credential plugin failed to renew the token: {first}", ex);
        }
    }

    private void ReloadLocked()
    {
        readAt = clock.GetUtcNow();
        try
        {
            // Keep the old token when the file is briefly missing or empty during rotation.
            if (ReadTokenFile(FilePath!) is { } fresh)
            {
                token = fresh;
            }
        }
        catch (ClusterConfigurationException)
        {
        }
    }

    private static string? ReadTokenFile(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException($"cannot read the bearer token file {path}: {ex.Message}", ex);
        }
    }
}
