using Memoize.Core.Cache;

namespace Memoize.Core.Tests.Cache;

public sealed class CacheEntryShapeTests
{
    [Theory]
    [InlineData("""{"nodeID":"memoized-hdckj","outputs":{"parameters":[{"name":"hello","value":"world"}],"exitCode":"0"},"creationTimestamp":"2026-01-02T03:04:05Z","lastHitTimestamp":"2026-01-02T03:04:05Z"}""", true)]
    [InlineData("""{"NodeID":"x","Outputs":null}""", true)]
    [InlineData("""{"nodeid":"x","extra":1}""", true)]
    [InlineData("""{"nodeID":""}""", true)]
    [InlineData("""{"nodeID":42}""", false)]
    [InlineData("""{"nodeID":null}""", false)]
    [InlineData("""{"outputs":null}""", false)]
    [InlineData("""["nodeID"]""", false)]
    [InlineData("\"nodeID\"", false)]
    [InlineData("hello", false)]
    [InlineData("", false)]
    [InlineData("{\"nodeID\":\"x\"", false)]
    public void A_cache_entry_is_a_JSON_object_with_a_string_nodeID_in_any_case(string value, bool isEntry)
    {
        Assert.Equal(isEntry, CacheEntryShape.IsCacheEntry(value));
    }
}
