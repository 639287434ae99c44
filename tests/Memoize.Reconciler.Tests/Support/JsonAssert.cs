using System.Text.Json.Nodes;

namespace Memoize.Reconciler.Tests.Support;

/// <summary>JSON comparisons that ignore property order (the API server sorts the keys of custom resources, as Go maps do).</summary>
public static class JsonAssert
{
    /// <summary>Asserts <paramref name="actual"/> is the JSON <paramref name="expected"/>, property order aside.</summary>
    public static void Equivalent(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"expected {expected}\nbut got  {actual?.ToJsonString() ?? "null"}");
    }
}
