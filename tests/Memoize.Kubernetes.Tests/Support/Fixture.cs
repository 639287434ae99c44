using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>The recorded fixtures copied to the test output directory.</summary>
internal static class Fixture
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    public static JsonObject Json(string relative) => (JsonObject)JsonNode.Parse(Text(relative))!;
}
