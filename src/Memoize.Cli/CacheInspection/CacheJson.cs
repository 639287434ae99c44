using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Cli.CacheInspection;

/// <summary>How the cache commands write JSON: indented, escaping only what JSON requires, timestamps RFC 3339 UTC.</summary>
public static class CacheJson
{
    /// <summary>The serializer options: indented, and readable quotes, '&lt;', '&gt;' and '+' (this is not HTML).</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="node"/> and a newline.</summary>
    public static void Write(TextWriter output, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(node is null ? "null" : node.ToJsonString(Options));
    }

    /// <summary>A timestamp as RFC 3339 UTC with whole seconds (<c>2026-01-02T03:04:05Z</c>), or JSON null.</summary>
    public static JsonNode? Timestamp(DateTimeOffset? time) =>
        time is { } t ? JsonValue.Create(FormatTimestamp(t)) : null;

    /// <summary>The RFC 3339 UTC spelling with whole seconds, as Kubernetes writes timestamps.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}
