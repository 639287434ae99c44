using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Memoize.Kubernetes.Config;

/// <summary>
/// The one kubeconfig field the KubernetesClient package's model lacks: <c>users[].user.tokenFile</c> (kubectl reads it).
/// Everything else is read by the package.
/// </summary>
internal static class KubeConfigTokenFiles
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>User name to tokenFile, for the users that set one; empty when the text is not a kubeconfig (the package reports that).</summary>
    public static IReadOnlyDictionary<string, string> Read(string yaml)
    {
        Document? document;
        try
        {
            document = Yaml.Deserialize<Document?>(yaml);
        }
        catch (YamlException)
        {
            return new Dictionary<string, string>();
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in document?.Users ?? [])
        {
            if (!string.IsNullOrEmpty(user.Name) && !string.IsNullOrWhiteSpace(user.User?.TokenFile))
            {
                files.TryAdd(user.Name, user.User.TokenFile);
            }
        }

        return files;
    }

    internal sealed class Document
    {
        [YamlMember(Alias = "users")]
        public List<NamedUser>? Users { get; set; }
    }

    internal sealed class NamedUser
    {
        [YamlMember(Alias = "name")]
        public string? Name { get; set; }

        [YamlMember(Alias = "user")]
        public UserEntry? User { get; set; }
    }

    internal sealed class UserEntry
    {
        [YamlMember(Alias = "tokenFile")]
        public string? TokenFile { get; set; }
    }
}
