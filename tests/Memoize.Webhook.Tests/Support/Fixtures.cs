using System.Text.Json.Nodes;

namespace Memoize.Webhook.Tests.Support;

/// <summary>The recorded fixtures copied to the test output directory.</summary>
public static class Fixtures
{
    public static string Admission(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "admission", name));

    public static JsonObject AdmissionJson(string name) => JsonNode.Parse(Admission(name))!.AsObject();

    public static IReadOnlyList<string> AdmissionReviewNames() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fixtures", "admission"), "*.json")
            .Select(Path.GetFileName)
            .Where(n => n != "request-headers.json")
            .Order(StringComparer.Ordinal)!];
}
