using System.Text.Json.Nodes;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>Workflow objects shaped like Argo v4.1 writes them, for the cases the tests need.</summary>
public static class TestWorkflows
{
    /// <summary>The namespace test workflows run in.</summary>
    public const string Namespace = "team-a";

    /// <summary>A memoize block keyed by the message input, caching in <paramref name="cache"/>.</summary>
    public static JsonObject Memoize(string cache = "greeting-cache", string? maxAge = "10s", string key = "{{inputs.parameters.message}}")
    {
        var memoize = new JsonObject { ["key"] = key, ["cache"] = new JsonObject { ["configMap"] = new JsonObject { ["name"] = cache } } };
        if (maxAge is not null)
        {
            memoize["maxAge"] = maxAge;
        }
        return memoize;
    }

    /// <summary>
    /// A one-pod Workflow whose root node (ID = the workflow's name) runs the memoized template <c>main</c> with
    /// input <c>message</c>.
    /// </summary>
    public static JsonObject SinglePod(
        string name,
        string message,
        string phase = "Pending",
        JsonObject? memoizationStatus = null,
        JsonNode? outputs = null,
        JsonObject? memoize = null,
        string @namespace = Namespace)
    {
        var node = Node(name, name, "Pod", "main", phase, message);
        if (memoizationStatus is not null)
        {
            node["memoizationStatus"] = memoizationStatus;
        }
        if (outputs is not null)
        {
            node["outputs"] = outputs;
        }
        var main = new JsonObject
        {
            ["name"] = "main",
            ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message" }) },
            ["outputs"] = new JsonObject
            {
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = "hello", ["valueFrom"] = new JsonObject { ["path"] = "/tmp/hello_world.txt" } }),
            },
            ["memoize"] = memoize ?? Memoize(),
            ["container"] = new JsonObject { ["image"] = "alpine:3.20", ["command"] = new JsonArray("sh", "-c", "echo {{inputs.parameters.message}}") },
        };
        return Workflow(name, @namespace, message, [main], [node]);
    }

    /// <summary>
    /// A Workflow whose root node (ID = name, type Steps or DAG) runs the memoized template <c>main</c>, with one
    /// child pod node running the plain template <c>echo</c>.
    /// </summary>
    public static JsonObject StepsOrDag(string name, string type, string message, string phase, JsonObject? memoizationStatus = null, JsonNode? outputs = null)
    {
        var childId = $"{name}-1234567890";
        var root = Node(name, name, type, "main", phase, message);
        if (memoizationStatus is not null)
        {
            root["memoizationStatus"] = memoizationStatus;
        }
        if (outputs is not null)
        {
            root["outputs"] = outputs;
        }
        JsonObject[] nodes;
        if (type == "Steps")
        {
            var group = Node($"{name}-group", $"{name}[0]", "StepGroup", null, phase, null);
            root["children"] = new JsonArray(group["id"]!.GetValue<string>());
            group["children"] = new JsonArray(childId);
            nodes = [root, group, Node(childId, $"{name}[0].echo", "Pod", "echo", phase, message)];
        }
        else
        {
            root["children"] = new JsonArray(childId);
            nodes = [root, Node(childId, $"{name}.echo", "Pod", "echo", phase, message)];
        }
        var main = new JsonObject
        {
            ["name"] = "main",
            ["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message" }) },
            ["memoize"] = Memoize(),
        };
        main[type == "Steps" ? "steps" : "dag"] = type == "Steps"
            ? new JsonArray(new JsonArray(new JsonObject { ["name"] = "echo", ["template"] = "echo" }))
            : new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["name"] = "echo", ["template"] = "echo" }) };
        var echo = new JsonObject { ["name"] = "echo", ["container"] = new JsonObject { ["image"] = "alpine:3.20" } };
        return Workflow(name, Namespace, message, [main, echo], nodes);
    }

    /// <summary>A Workflow with the given templates and nodes; the workflow parameter <c>message</c> feeds the entrypoint.</summary>
    public static JsonObject Workflow(string name, string @namespace, string message, JsonObject[] templates, JsonObject[] nodes)
    {
        var nodeMap = new JsonObject();
        foreach (var node in nodes)
        {
            nodeMap[node["id"]!.GetValue<string>()] = node;
        }
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Workflow",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace, ["labels"] = new JsonObject { ["team"] = "a" } },
            ["spec"] = new JsonObject
            {
                ["entrypoint"] = "main",
                ["arguments"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message", ["value"] = message }) },
                ["templates"] = new JsonArray(templates.Select(t => (JsonNode)t).ToArray()),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["startedAt"] = "2026-11-21T10:00:00Z",
                ["nodes"] = nodeMap,
            },
        };
    }

    /// <summary>A NodeStatus with the fields Argo writes for a node that just started (plus fields the reconciler must keep).</summary>
    public static JsonObject Node(string id, string name, string type, string? templateName, string phase, string? message)
    {
        var node = new JsonObject
        {
            ["id"] = id,
            ["name"] = name,
            ["displayName"] = name,
            ["type"] = type,
            ["templateScope"] = "local/",
            ["phase"] = phase,
            ["startedAt"] = "2026-11-21T10:00:00Z",
            ["progress"] = "0/1",
            ["hostNodeName"] = "kind-worker",
        };
        if (templateName is not null)
        {
            node["templateName"] = templateName;
        }
        if (message is not null)
        {
            node["inputs"] = new JsonObject { ["parameters"] = new JsonArray(new JsonObject { ["name"] = "message", ["value"] = message }) };
        }
        if (phase is "Succeeded" or "Failed" or "Error" or "Skipped" or "Omitted")
        {
            node["finishedAt"] = "2026-11-21T10:00:07Z";
        }
        return node;
    }

    /// <summary>The outputs Argo records for the memoized pod: one parameter, exit code 0.</summary>
    public static JsonObject Outputs(string value) => new()
    {
        ["parameters"] = new JsonArray(new JsonObject { ["name"] = "hello", ["value"] = value, ["valueFrom"] = new JsonObject { ["path"] = "/tmp/hello_world.txt" } }),
        ["exitCode"] = "0",
    };

    /// <summary>A memoizationStatus object.</summary>
    public static JsonObject Status(bool hit, string key, string cacheName = "greeting-cache") => new() { ["hit"] = hit, ["key"] = key, ["cacheName"] = cacheName };
}
