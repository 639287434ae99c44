using System.Text.Json.Nodes;

namespace Memoize.Bench.Cache;

/// <summary>
/// The replayed workload: <see cref="Runs"/> Workflows, each a fan-out of <see cref="Width"/> parallel memoized pod
/// nodes sharing one cache ConfigMap; the first run misses everywhere and stores, the later runs hit.
/// </summary>
public sealed record FanOutWorkload(int Width, int Runs)
{
    /// <summary>Where Argo's controller runs and the cache lives.</summary>
    public const string CacheNamespace = "argo";

    /// <summary>Where the Workflows run.</summary>
    public const string WorkflowNamespace = "bench";

    /// <summary>The shared cache ConfigMap.</summary>
    public const string CacheName = "fanout-cache";

    /// <summary>Memoized nodes in the whole workload.</summary>
    public int MemoizedNodes => Width * Runs;

    /// <summary>The cache key of node <paramref name="index"/> (the same in every run).</summary>
    public static string Key(int index) => $"item-{index}";

    /// <summary>The outputs node <paramref name="index"/> produces.</summary>
    public static JsonObject Outputs(int index) => new()
    {
        ["parameters"] = new JsonArray(new JsonObject { ["name"] = "result", ["value"] = $"value-{index}" }),
        ["exitCode"] = "0",
    };

    /// <summary>Run <paramref name="run"/> as Argo's controller creates it: a DAG root and <see cref="Width"/> Pending pod nodes.</summary>
    public JsonObject Workflow(int run)
    {
        var name = $"fanout-{run}";
        var nodes = new JsonObject { [name] = Node(name, name, "DAG", "main", null) };
        var children = new JsonArray();
        for (var i = 0; i < Width; i++)
        {
            var id = $"{name}-{i}";
            nodes[id] = Node(id, $"{name}.work({i})", "Pod", "work", Key(i));
            children.Add(id);
        }
        nodes[name]!["children"] = children;
        var work = new JsonObject
        {
            ["name"] = "work",
            ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "item" }) },
            ["outputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "result", ["valueFrom"] = new JsonObject { ["path"] = "/tmp/result" } }) },
            ["memoize"] = new JsonObject
            {
                ["key"] = "{{inputs.parameters.item}}",
                ["maxAge"] = "24h",
                ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = CacheName } },
            },
            ["container"] = new JsonObject { ["image"] = "alpine:3.20", ["command"] = new JsonArray("sh", "-c", "echo {{inputs.parameters.item}} > /tmp/result") },
        };
        var main = new JsonObject { ["name"] = "main", ["dag"] = new JsonObject { ["tasks"] = new JsonArray() } };
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = WorkflowNamespace, ["labels"] = new JsonObject { ["bench"] = "fanout" } },
            ["spec"] = new JsonObject { ["entrypoint"] = "main", ["templates"] = new JsonArray(main, work) },
            ["status"] = new JsonObject { ["phase"] = "Running", ["startedAt"] = "2026-12-04T10:00:00Z", ["nodes"] = nodes },
        };
    }

    private static JsonObject Node(string id, string name, string type, string template, string? item)
    {
        var node = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["displayName"] = name,
            ["type"] = type,
            ["templateName"] = template,
            ["templateScope"] = "local/",
            ["phase"] = "Pending",
            ["startedAt"] = "2026-12-04T10:00:00Z",
        };
        if (item is not null)
        {
            node["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "item", ["value"] = item }) };
        }
        return node;
    }
}
