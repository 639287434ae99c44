using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Http;

/// <summary>What a URL path names, parsed like kube-apiserver's RequestInfo.</summary>
internal sealed record RequestTarget
{
    /// <summary>The kind of path.</summary>
    public required RequestTargetKind Kind { get; init; }

    /// <summary>The API group (discovery and resource paths).</summary>
    public string Group { get; init; } = "";

    /// <summary>The API version (discovery and resource paths).</summary>
    public string Version { get; init; } = "";

    /// <summary>The resource, for resource paths.</summary>
    public ResourceType? Type { get; init; }

    /// <summary>The namespace from the path (empty when none).</summary>
    public string Namespace { get; init; } = "";

    /// <summary>The object name from the path (empty for collections).</summary>
    public string Name { get; init; } = "";

    /// <summary>The subresource from the path (empty when none).</summary>
    public string Subresource { get; init; } = "";

    /// <summary>Parses <paramref name="path"/>; throws the 404 kube-apiserver gives for paths it does not serve.</summary>
    public static RequestTarget Parse(string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        switch (segments)
        {
            case ["version"]:
                return new RequestTarget { Kind = RequestTargetKind.Version };
            case ["api"]:
                return new RequestTarget { Kind = RequestTargetKind.CoreVersions };
            case ["apis"]:
                return new RequestTarget { Kind = RequestTargetKind.GroupList };
            case ["api", "v1"]:
                return new RequestTarget { Kind = RequestTargetKind.ResourceList, Version = "v1" };
            case ["apis", var group] when ResourceCatalog.Groups.Any(g => g.Group == group):
                return new RequestTarget { Kind = RequestTargetKind.Group, Group = group };
            case ["apis", var group, var version] when ResourceCatalog.HasGroupVersion(group, version):
                return new RequestTarget { Kind = RequestTargetKind.ResourceList, Group = group, Version = version };
            case ["api", "v1", .. var rest]:
                return Resource("", "v1", rest);
            case ["apis", var group, var version, .. var rest] when ResourceCatalog.HasGroupVersion(group, version):
                return Resource(group, version, rest);
            default:
                throw ApiError.PageNotFound();
        }
    }

    private static RequestTarget Resource(string group, string version, string[] rest)
    {
        string ns = "", plural, name = "", subresource = "";
        if (rest is ["namespaces", var namespaceName, .. var inNamespace] && inNamespace.Length > 0)
        {
            ns = namespaceName;
            rest = inNamespace;
        }
        else if (rest is ["namespaces", var onlyName] && group.Length == 0)
        {
            return new RequestTarget { Kind = RequestTargetKind.Namespace, Version = version, Name = onlyName };
        }
        switch (rest)
        {
            case [var p]:
                plural = p;
                break;
            case [var p, var n]:
                (plural, name) = (p, n);
                break;
            case [var p, var n, var s]:
                (plural, name, subresource) = (p, n, s);
                break;
            default:
                throw ApiError.ResourceNotFound();
        }
        var type = ResourceCatalog.Find(group, version, plural) ?? throw ApiError.ResourceNotFound();
        if (type.Namespaced ? ns.Length == 0 && name.Length > 0 : ns.Length > 0)
        {
            throw ApiError.ResourceNotFound();
        }
        return new RequestTarget
        {
            Kind = RequestTargetKind.Resource,
            Group = group,
            Version = version,
            Type = type,
            Namespace = ns,
            Name = name,
            Subresource = subresource,
        };
    }
}
