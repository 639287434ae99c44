using System.Text.Json.Nodes;

namespace Memoize.Core.Tests.Cache;

/// <summary>ConfigMaps recorded from kube-apiserver v1.24 (tests/fixtures, copied from the shared fixtures).</summary>
internal static class RecordedConfigMaps
{
    /// <summary>The ConfigMap a recorded file holds: the file itself, or request.object of an AdmissionReview.</summary>
    public static JsonObject Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", relativePath);
        var document = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return document["request"]?["object"] as JsonObject ?? document;
    }

    /// <summary>The value of data[<paramref name="key"/>] in a recorded ConfigMap.</summary>
    public static string DataValue(string relativePath, string key) => Load(relativePath)["data"]![key]!.GetValue<string>();
}
