using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Memoize.Core.Tests.Workflows;

/// <summary>Workflow objects shaped like Argo v4.1 writes them (status.nodes as the controller fills them in).</summary>
internal static class SampleWorkflows
{
    /// <summary>A running Workflow whose step "say" runs the memoized template "say" with msg=hello.</summary>
    public static JsonObject Running() => Parse("""
        {
          "apiVersion": "argoproj.io/v1alpha1",
          "kind": "Workflow",
          "metadata": { "name": "memo-abc", "namespace": "argo", "uid": "0f6c-uid", "labels": { "team": "ml" }, "annotations": { "owner": "ana" } },
          "spec": {
            "entrypoint": "main",
            "serviceAccountName": "runner",
            "arguments": { "parameters": [ { "name": "greeting", "value": "hello" }, { "name": "count", "value": 3 } ] },
            "templates": [
              { "name": "main", "steps": [ [ { "name": "say", "template": "say", "arguments": { "parameters": [ { "name": "msg", "value": "{{workflow.parameters.greeting}}" } ] } } ] ] },
              { "name": "say",
                "inputs": { "parameters": [ { "name": "msg" } ] },
                "memoize": { "key": "say-{{inputs.parameters.msg}}", "maxAge": "10s", "cache": { "configMap": { "name": "say-cache" } } },
                "container": { "image": "busybox", "command": [ "sh", "-c", "echo {{inputs.parameters.msg}} > /tmp/out" ] },
                "outputs": { "parameters": [ { "name": "out", "valueFrom": { "path": "/tmp/out" } } ] } }
            ]
          },
          "status": {
            "phase": "Running",
            "startedAt": "2026-01-02T03:00:00Z",
            "nodes": {
              "memo-abc": { "id": "memo-abc", "name": "memo-abc", "displayName": "memo-abc", "type": "Steps", "templateName": "main",
                            "templateScope": "local/memo-abc", "phase": "Running", "startedAt": "2026-01-02T03:00:00Z", "children": [ "memo-abc-1111" ] },
              "memo-abc-1111": { "id": "memo-abc-1111", "name": "memo-abc[0]", "displayName": "[0]", "type": "StepGroup", "templateScope": "local/memo-abc",
                                 "phase": "Running", "boundaryID": "memo-abc", "startedAt": "2026-01-02T03:00:00Z", "children": [ "memo-abc-2222" ] },
              "memo-abc-2222": { "id": "memo-abc-2222", "name": "memo-abc[0].say", "displayName": "say", "type": "Pod", "templateName": "say",
                                 "templateScope": "local/memo-abc", "phase": "Pending", "boundaryID": "memo-abc", "startedAt": "2026-01-02T03:00:01Z",
                                 "inputs": { "parameters": [ { "name": "msg", "value": "hello" } ] }, "hostNodeName": "kind-worker" }
            }
          }
        }
        """);

    /// <summary>The node of the memoized step in <paramref name="workflow"/>.</summary>
    public static JsonObject SayNode(JsonObject workflow) => workflow["status"]!["nodes"]!["memo-abc-2222"]!.AsObject();

    /// <summary>Marks the memoized step Succeeded after a miss, with outputs.</summary>
    public static JsonObject Succeeded()
    {
        var workflow = Running();
        var node = SayNode(workflow);
        node["phase"] = "Succeeded";
        node["finishedAt"] = "2026-01-02T03:00:09Z";
        node["memoizationStatus"] = new JsonObject { ["hit"] = false, ["key"] = "say-hello", ["cacheName"] = "say-cache" };
        node["outputs"] = JsonNode.Parse("""{"parameters":[{"name":"out","value":"hello","valueFrom":{"path":"/tmp/out"}}],"exitCode":"0"}""");
        return workflow;
    }

    /// <summary>Parses a JSON object.</summary>
    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Argo's compressedNodes encoding, made independently of the code under test.</summary>
    public static string Compress(JsonObject nodes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(nodes.ToJsonString()));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Decodes a compressedNodes value, independently of the code under test.</summary>
    public static JsonObject Decompress(string text)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(text)), CompressionMode.Decompress);
        return JsonNode.Parse(gzip)!.AsObject();
    }
}
