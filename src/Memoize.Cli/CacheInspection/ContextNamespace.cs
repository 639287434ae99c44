using Memoize.Kubernetes.Config;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Memoize.Cli.CacheInspection;

/// <summary>
/// The namespace a kubeconfig context sets, or null when it sets none. The client's connection says <c>default</c>
/// in both cases, but the cache commands must tell them apart: without one they default to Argo's namespace.
/// </summary>
public static class ContextNamespace
{
    /// <summary>Reads <c>contexts[name].context.namespace</c> from the first of <paramref name="config"/>'s files that defines the context, as kubectl merges them.</summary>
    public static string? Read(KubeConfig config, string? contextName)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrEmpty(contextName))
        {
            return null;
        }

        foreach (var file in config.Files)
        {
            if (FindContext(file, contextName) is { } context)
            {
                return context.Children.TryGetValue(new YamlScalarNode("namespace"), out var value)
                    && value is YamlScalarNode { Value: { Length: > 0 } text }
                    && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
            }
        }

        return null;
    }

    private static YamlMappingNode? FindContext(string file, string contextName)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            yaml.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            // The client read this file a moment ago and reports its own problems; a context found nowhere has no namespace.
            return null;
        }

        if (yaml.Documents.Count == 0
            || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("contexts"), out var contexts)
            || contexts is not YamlSequenceNode list)
        {
            return null;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            if (item.Children.TryGetValue(new YamlScalarNode("name"), out var name)
                && name is YamlScalarNode { Value: { } text } && text == contextName)
            {
                return item.Children.TryGetValue(new YamlScalarNode("context"), out var context) && context is YamlMappingNode mapping
                    ? mapping
                    : new YamlMappingNode();
            }
        }

        return null;
    }
}
