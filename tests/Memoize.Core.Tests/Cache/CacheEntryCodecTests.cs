using System.Text.Json.Nodes;
using Memoize.Core.Cache;

namespace Memoize.Core.Tests.Cache;

public class CacheEntryCodecTests
{
    private const string SpecExample =
        "{\"nodeID\":\"memoized-hdckj\",\"outputs\":{\"parameters\":[{\"name\":\"hello\",\"value\":\"world\",\"valueFrom\":{\"path\":\"/tmp/hello_world.txt\"}}],\"exitCode\":\"0\"},\"creationTimestamp\":\"2026-01-02T03:04:05Z\",\"lastHitTimestamp\":\"2026-01-02T03:04:05Z\"}";

    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Write_produces_the_spec_example_byte_for_byte()
    {
        // Outputs given with whitespace and sub-second, non-UTC times: the output is still Argo's exact bytes.
        var outputs = JsonNode.Parse("""
            { "parameters": [ { "name": "hello", "value": "world", "valueFrom": { "path": "/tmp/hello_world.txt" } } ],
              "exitCode": "0" }
            """);
        var created = new DateTimeOffset(2026, 1, 2, 5, 4, 5, TimeSpan.FromHours(2)).AddTicks(9_999_999);
        var entry = new CacheEntry("memoized-hdckj", outputs, created, Created);

        Assert.Equal(SpecExample, CacheEntryCodec.Write(entry));
    }

    [Fact]
    public void Write_spells_zero_timestamps_and_missing_outputs_as_null()
    {
        var entry = new CacheEntry("steps-node", null, null, null);

        Assert.Equal("{\"nodeID\":\"steps-node\",\"outputs\":null,\"creationTimestamp\":null,\"lastHitTimestamp\":null}", CacheEntryCodec.Write(entry));
    }

    [Fact]
    public void Write_puts_outputs_in_Argo_struct_order_and_keeps_unknown_fields_and_number_spelling()
    {
        var outputs = JsonNode.Parse("""{"exitCode":"0","zeta":{"b":1.50,"a":[true,false,null,-0,1e3]},"parameters":[]}""");

        var written = CacheEntryCodec.Write(new CacheEntry("n", outputs, null, null));

        Assert.Equal("{\"nodeID\":\"n\",\"outputs\":{\"parameters\":[],\"exitCode\":\"0\",\"zeta\":{\"b\":1.50,\"a\":[true,false,null,-0,1e3]}},\"creationTimestamp\":null,\"lastHitTimestamp\":null}", written);
    }

    [Theory]
    [InlineData("<b>&amp;</b>", "\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e")]
    [InlineData("line\u2028para\u2029", "line\\u2028para\\u2029")]
    [InlineData("\b\f\n\r\t", "\\b\\f\\n\\r\\t")]
    [InlineData("\u0000\u0001\u001f", "\\u0000\\u0001\\u001f")]
    [InlineData("quote\" backslash\\", "quote\\\" backslash\\\\")]
    [InlineData("it's / ~ \u007f", "it's / ~ \u007f")]
    [InlineData("héllo 世界 😀", "héllo 世界 😀")]
    public void Write_escapes_strings_exactly_as_Go_json_Marshal(string value, string expectedInsideQuotes)
    {
        var outputs = new JsonObject { ["result"] = value };

        var written = CacheEntryCodec.Write(new CacheEntry(value, outputs, null, null));

        Assert.Equal($"{{\"nodeID\":\"{expectedInsideQuotes}\",\"outputs\":{{\"result\":\"{expectedInsideQuotes}\"}},\"creationTimestamp\":null,\"lastHitTimestamp\":null}}", written);
    }

    [Fact]
    public void Write_spells_a_lone_surrogate_as_the_replacement_character_like_Go()
    {
        // Go decodes "\ud800" to U+FFFD and then writes that rune raw.
        var read = CacheEntryCodec.Read("{\"nodeID\":\"a\\ud800b\"}");

        Assert.Equal("{\"nodeID\":\"a\ufffdb\",\"outputs\":null,\"creationTimestamp\":null,\"lastHitTimestamp\":null}", CacheEntryCodec.Write(read.Entry!));
    }

    [Theory]
    [InlineData("api/get-configmap.json")]
    [InlineData("api/list-labelselector.json")]
    [InlineData("admission/configmap-create-cache-unlabelled.json")]
    [InlineData("admission/configmap-update-add-cache-label.json")]
    public void Recorded_entries_read_and_write_back_byte_for_byte(string fixture)
    {
        var configMap = RecordedConfigMaps.Load(fixture);
        var data = (configMap["data"] ?? configMap["items"]![0]!["data"])!;
        var raw = data["hello"]!.GetValue<string>();

        var read = CacheEntryCodec.Read(raw);

        Assert.Null(read.Error);
        Assert.Equal("memo-apply", read.Entry!.NodeId);
        Assert.Equal("hello", read.Entry.Outputs!["parameters"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), read.Entry.CreationTimestamp);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), read.Entry.LastHitTimestamp);
        Assert.Equal(raw, CacheEntryCodec.Write(read.Entry));
    }

    [Fact]
    public void Read_matches_field_names_case_insensitively_and_ignores_unknown_fields()
    {
        var read = CacheEntryCodec.Read("""{"NodeID":"n1","OUTPUTS":{"result":"r"},"CreationTimestamp":"2026-01-02T03:04:05Z","lasthittimestamp":null,"extra":{"x":1}}""");

        Assert.Equal("n1", read.Entry!.NodeId);
        Assert.Equal("{\"result\":\"r\"}", read.Entry.Outputs!.ToJsonString());
        Assert.Equal(Created, read.Entry.CreationTimestamp);
        Assert.Null(read.Entry.LastHitTimestamp);
    }

    [Fact]
    public void Read_takes_the_last_of_a_repeated_field_as_Go_does()
    {
        var read = CacheEntryCodec.Read("""{"nodeID":"first","NodeID":"second","nodeid":null}""");

        Assert.Equal("second", read.Entry!.NodeId);
    }

    [Fact]
    public void Read_of_top_level_null_is_an_empty_entry_like_Go()
    {
        var read = CacheEntryCodec.Read("null");

        Assert.Equal(new CacheEntry("", null, null, null), read.Entry);
    }

    public static TheoryData<string, DateTimeOffset?> Timestamps => new()
    {
        { "\"2026-01-02T03:04:05Z\"", Created },
        { "\"2026-01-02T03:04:05.5Z\"", Created.AddMilliseconds(500) },
        { "\"2026-01-02T03:04:05.123456789Z\"", Created.AddTicks(1_234_567) },
        { "\"2026-01-02T05:34:05+02:30\"", Created },
        { "\"2026-01-01T23:04:05-04:00\"", Created },
        { "\"2026-01-02T03:04:05,25Z\"", Created.AddMilliseconds(250) },
        { "null", null },
        { "\"0001-01-01T00:00:00Z\"", null },
        { "\"0001-01-01T00:30:00+01:00\"", null },
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void Read_accepts_fractional_seconds_any_offset_and_null_timestamps(string json, DateTimeOffset? expected)
    {
        var read = CacheEntryCodec.Read($"{{\"nodeID\":\"n\",\"creationTimestamp\":{json}}}");

        Assert.Null(read.Error);
        Assert.Equal(expected, read.Entry!.CreationTimestamp);
        Assert.Null(read.Entry.LastHitTimestamp);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("\"entry\"")]
    [InlineData("{\"nodeID\":\"a\",}")]
    [InlineData("{\"nodeID\":\"a\"} {}")]
    [InlineData("{\"nodeID\":5}")]
    [InlineData("{\"outputs\":\"text\"}")]
    [InlineData("{\"outputs\":{\"parameters\":{}}}")]
    [InlineData("{\"outputs\":{\"exitCode\":0}}")]
    [InlineData("{\"creationTimestamp\":\"yesterday\"}")]
    [InlineData("{\"creationTimestamp\":\"\"}")]
    [InlineData("{\"creationTimestamp\":1767323045}")]
    [InlineData("{\"creationTimestamp\":\"2026-01-02 03:04:05Z\"}")]
    [InlineData("{\"creationTimestamp\":\"2026-02-30T03:04:05Z\"}")]
    [InlineData("{\"creationTimestamp\":\"2026-01-02T24:00:00Z\"}")]
    [InlineData("{\"lastHitTimestamp\":\"2026-01-02T03:04:05z\"}")]
    [InlineData("{\"lastHitTimestamp\":\"2026-01-02T03:04:05\"}")]
    public void Read_reports_malformed_text_with_Argos_message_and_never_throws(string raw)
    {
        var read = CacheEntryCodec.Read(raw);

        Assert.True(read.IsMalformed);
        Assert.Null(read.Entry);
        Assert.Equal("malformed cache entry: could not unmarshal JSON; unable to parse: " + raw, read.Error);
    }
}
