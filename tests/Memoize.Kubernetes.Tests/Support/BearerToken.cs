using k8s.Authentication;
using Memoize.Kubernetes.Config;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>The bearer token the package will send for a connection, read from its configuration.</summary>
internal static class BearerToken
{
    /// <summary>The token (asked of the token provider: token file, exec plugin, OIDC), or null when the connection has none.</summary>
    public static string? Of(ClusterConnection connection) =>
        connection.ClientConfiguration.TokenProvider is { } provider
            ? provider.GetAuthenticationHeaderAsync(CancellationToken.None).GetAwaiter().GetResult().Parameter
            : string.IsNullOrEmpty(connection.ClientConfiguration.AccessToken) ? null : connection.ClientConfiguration.AccessToken;

    /// <summary>The token file the package re-reads, or null when the token does not come from a file (the package keeps the path internal).</summary>
    public static string? FileOf(ClusterConnection connection) =>
        connection.ClientConfiguration.TokenProvider is TokenFileAuth provider ? (string?)Internal("TokenFile").GetValue(provider) : null;

    /// <summary>Makes the package's one-minute token cache run out now, as if the minute had passed.</summary>
    public static void ExpireCachedToken(ClusterConnection connection) =>
        Internal("TokenExpiresAt").SetValue(Assert.IsType<TokenFileAuth>(connection.ClientConfiguration.TokenProvider), DateTime.UtcNow.AddSeconds(-1));

    private static System.Reflection.PropertyInfo Internal(string name) =>
        typeof(TokenFileAuth).GetProperty(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"TokenFileAuth has no property {name} in this package version");
}
