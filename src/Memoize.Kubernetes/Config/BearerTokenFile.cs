namespace Memoize.Kubernetes.Config;

/// <summary>
/// Checks a bearer token file when the connection is built, so that a missing or empty one is our one-line message;
/// reading it for each request, and again when it rotates, is the package's <c>TokenFileAuth</c>.
/// </summary>
internal static class BearerTokenFile
{
    /// <exception cref="ClusterConfigurationException">The file cannot be read or is empty.</exception>
    public static void Check(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException($"cannot read the bearer token file {path}: {ex.Message}", ex);
        }

        if (text.Length == 0)
        {
            throw new ClusterConfigurationException($"the bearer token file {path} is empty; it must hold the token");
        }
    }
}
