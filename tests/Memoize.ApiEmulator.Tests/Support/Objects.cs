using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>Request bodies used across tests.</summary>
public static class Objects
{
    /// <summary>A ConfigMap body.</summary>
    public static JsonObject ConfigMap(string name, IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (labels is not null)
        {
            metadata["labels"] = Map(labels);
        }
        var configMap = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata };
        if (data is not null)
        {
            configMap["data"] = Map(data);
        }
        return configMap;
    }

    /// <summary>A Workflow body with one memoized template.</summary>
    public static JsonObject Workflow(string? name, string? generateName = null)
    {
        var metadata = new JsonObject();
        if (name is not null)
        {
            metadata["name"] = name;
        }
        if (generateName is not null)
        {
            metadata["generateName"] = generateName;
        }
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["entrypoint"] = "main",
                ["templates"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["memoize"] = new JsonObject
                    {
                        ["key"] = "{{inputs.parameters.message}}",
                        ["maxAge"] = "24h",
                        ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = "greeting-cache" } },
                    },
                    ["container"] = new JsonObject { ["image"] = "busybox" },
                }),
            },
        };
    }

    /// <summary>A JSON object from string pairs.</summary>
    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
        {
            map[key] = value;
        }
        return map;
    }

    /// <summary>The recorded cache entry of fixtures/api/get-configmap.json.</summary>
    public const string RecordedEntry =
        "{\"nodeID\":\"memo-apply\",\"outputs\":{\"parameters\":[{\"name\":\"out\",\"value\":\"hello\"}],\"exitCode\":\"0\"},\"creationTimestamp\":\"2026-11-21T10:00:00Z\",\"lastHitTimestamp\":\"2026-11-21T10:00:00Z\"}";

    /// <summary>The cache label.</summary>
    public static readonly IReadOnlyDictionary<string, string> CacheLabel =
        new Dictionary<string, string> { ["workflows.argoproj.io/configmap-type"] = "Cache" };
}
