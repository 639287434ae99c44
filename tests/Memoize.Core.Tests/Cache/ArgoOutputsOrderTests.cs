using System.Text.Json.Nodes;
using Memoize.Core.Cache;

namespace Memoize.Core.Tests.Cache;

public class ArgoOutputsOrderTests
{
    private static readonly DateTimeOffset Stamp = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Outputs_read_back_from_the_API_server_with_sorted_keys_are_written_in_Argo_struct_order()
    {
        // What kube-apiserver returns for a Workflow node's outputs: every map's keys sorted.
        var sorted = JsonNode.Parse("""{"exitCode":"0","parameters":[{"name":"hello","value":"world","valueFrom":{"path":"/tmp/hello_world.txt"}}]}""");

        var written = CacheEntryCodec.Write(new CacheEntry("memoized-hdckj", sorted, Stamp, Stamp));

        Assert.Equal(
            """{"nodeID":"memoized-hdckj","outputs":{"parameters":[{"name":"hello","value":"world","valueFrom":{"path":"/tmp/hello_world.txt"}}],"exitCode":"0"},"creationTimestamp":"2026-01-02T03:04:05Z","lastHitTimestamp":"2026-01-02T03:04:05Z"}""",
            written);
    }

    [Theory]
    [InlineData(
        """{"result":"r","exitCode":"0","artifacts":[{"s3":{"key":"k"},"path":"/tmp/a","name":"a"}],"parameters":[{"valueFrom":{"default":"d","path":"/p"},"value":"v","name":"n","globalName":"g"}]}""",
        """{"parameters":[{"name":"n","value":"v","valueFrom":{"path":"/p","default":"d"},"globalName":"g"}],"artifacts":[{"name":"a","path":"/tmp/a","s3":{"key":"k"}}],"result":"r","exitCode":"0"}""")]
    [InlineData("""{"zeta":1,"exitCode":"0","alpha":2}""", """{"exitCode":"0","zeta":1,"alpha":2}""")]
    [InlineData("""{"parameters":["not-an-object"]}""", """{"parameters":["not-an-object"]}""")]
    [InlineData("""[1,2]""", """[1,2]""")]
    public void Known_fields_take_struct_order_and_unknown_ones_follow_as_they_came(string input, string expected)
    {
        var canonical = ArgoOutputsOrder.Canonical(JsonNode.Parse(input));

        Assert.Equal(expected, canonical!.ToJsonString());
    }

    [Fact]
    public void Null_outputs_stay_null()
    {
        Assert.Null(ArgoOutputsOrder.Canonical(null));
    }
}
