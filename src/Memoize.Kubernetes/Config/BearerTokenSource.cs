namespace Memoize.Kubernetes.Config;

/// <summary>
/// The bearer token sent to the API server: either fixed, or read from a file that the kubelet
/// rotates (projected service account tokens), in which case the file is re-read when it may have changed.
/// </summary>
public sealed class BearerTokenSource
{
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

    /// <summary>The current token; a token file is re-read when the refresh interval has passed.</summary>
    public string GetToken()
    {
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
