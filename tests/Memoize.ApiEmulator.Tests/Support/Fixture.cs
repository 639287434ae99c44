using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>Recorded kube-apiserver output from tests/fixtures, and shape comparison against it.</summary>
public static class Fixture
{
    // Values that differ on every run of a real server: compared for presence only.
    private static readonly HashSet<string> PerRun = ["uid", "resourceVersion", "creationTimestamp", "time"];

    /// <summary>The path of a fixture file copied to the test output.</summary>
    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "fixtures", relative);

    /// <summary>A JSON fixture.</summary>
    public static JsonObject Json(string relative) => (JsonObject)JsonNode.Parse(File.ReadAllText(PathOf(relative)))!;

    /// <summary>The lines of a JSON-lines fixture.</summary>
    public static IReadOnlyList<JsonObject> Lines(string relative) =>
        File.ReadAllLines(PathOf(relative)).Where(l => l.Trim().Length > 0).Select(l => (JsonObject)JsonNode.Parse(l)!).ToList();

    /// <summary>
    /// Asserts <paramref name="actual"/> has exactly the fixture's fields, in the same order and nesting, with the same
    /// values, except per-run values (uid, resourceVersion, timestamps: present on both sides) and managedFields
    /// (not emulated: removed from both).
    /// </summary>
    public static void AssertSameShape(JsonNode? expected, JsonNode? actual)
    {
        var e = Normalize(expected);
        var a = Normalize(actual);
        Assert.Equal(e?.ToJsonString(), a?.ToJsonString());
    }

    private static JsonNode? Normalize(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (name == "managedFields")
                    {
                        continue;
                    }
                    copy[name] = PerRun.Contains(name) && value is JsonValue ? "<per-run>" : Normalize(value, name);
                }
                return copy;
            case JsonArray array:
                return new JsonArray(array.Select(i => Normalize(i)).ToArray());
            default:
                return node?.DeepClone();
        }
    }
}
