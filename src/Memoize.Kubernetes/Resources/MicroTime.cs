using System.Globalization;
using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>Kubernetes MicroTime: RFC 3339 in UTC with microseconds, e.g. <c>2026-01-02T03:04:05.123456Z</c>.</summary>
internal static class MicroTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Read(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;
}
