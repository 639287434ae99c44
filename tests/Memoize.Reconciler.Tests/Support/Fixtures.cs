using System.Text.Json.Nodes;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>Recorded files copied into the test output (tests/fixtures, recorded from kube-apiserver v1.24).</summary>
public static class Fixtures
{
    /// <summary>A recorded file as JSON.</summary>
    public static JsonObject Json(params string[] path) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "fixtures", .. path])))!;

    /// <summary>The cache entry Argo wrote in the recorded ConfigMap (fixtures/api/get-configmap.json, key "hello").</summary>
    public static string ArgoEntry => Json("api", "get-configmap.json")["data"]!["hello"]!.GetValue<string>();
}
