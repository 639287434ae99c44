using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Resources;

namespace Memoize.ApiEmulator.Http;

/// <summary>The discovery answers (<c>/version</c>, <c>/api</c>, <c>/apis</c>, resource lists) for the emulated groups.</summary>
internal static class DiscoveryDocuments
{
    /// <summary><c>/version</c>: the Kubernetes release the recorded fixtures come from.</summary>
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "24",
        ["gitVersion"] = "v1.24.17-memoize-emulator",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.20.10",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    /// <summary><c>/api</c>: APIVersions.</summary>
    public static JsonObject CoreVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary><c>/apis</c>: APIGroupList.</summary>
    public static JsonObject GroupList()
    {
        var groups = new JsonArray();
        foreach (var (group, version) in ResourceCatalog.Groups)
        {
            groups.Add(GroupBody(group, version));
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary><c>/apis/{group}</c>: APIGroup.</summary>
    public static JsonObject Group(string group)
    {
        var version = ResourceCatalog.Groups.First(g => g.Group == group).Version;
        var body = GroupBody(group, version);
        var result = new JsonObject { ["kind"] = "APIGroup", ["apiVersion"] = "v1" };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            result[key] = value;
        }
        return result;
    }

    /// <summary><c>/api/v1</c> or <c>/apis/{group}/{version}</c>: APIResourceList.</summary>
    public static JsonObject ResourceList(string group, string version)
    {
        var resources = new JsonArray();
        if (group.Length == 0)
        {
            resources.Add(new JsonObject
            {
                ["name"] = "namespaces",
                ["singularName"] = "",
                ["namespaced"] = false,
                ["kind"] = "Namespace",
                ["verbs"] = new JsonArray("get"),
                ["shortNames"] = new JsonArray("ns"),
            });
        }
        foreach (var type in ResourceCatalog.All.Where(t => t.Group == group && t.Version == version))
        {
            var resource = new JsonObject
            {
                ["name"] = type.Plural,
                ["singularName"] = type.Singular,
                ["namespaced"] = type.Namespaced,
                ["kind"] = type.Kind,
                ["verbs"] = new JsonArray(type.Verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            };
            if (type.ShortNames.Count > 0)
            {
                resource["shortNames"] = new JsonArray(type.ShortNames.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            resources.Add(resource);
        }
        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = resources,
        };
    }

    /// <summary>A namespace object: every namespace exists and is Active.</summary>
    public static JsonObject Namespace(string name, IReadOnlyDictionary<string, string> labels)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }
        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = null, ["labels"] = labelObject },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    private static JsonObject GroupBody(string group, string version)
    {
        var groupVersion = new JsonObject { ["groupVersion"] = $"{group}/{version}", ["version"] = version };
        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = new JsonArray(groupVersion.DeepClone()),
            ["preferredVersion"] = groupVersion,
        };
    }
}
