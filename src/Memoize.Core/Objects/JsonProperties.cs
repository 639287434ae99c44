using System.Text.Json;

namespace Memoize.Core.Objects;

/// <summary>Reads of read-only JSON that treat an absent field and a JSON null alike, as a JsonObject lookup does (the rules and the webhook's admission path).</summary>
public static class JsonProperties
{
    /// <summary>The value of <paramref name="property"/> when <paramref name="obj"/> is an object holding it with a non-null value; otherwise null.</summary>
    public static JsonElement? Get(JsonElement obj, ReadOnlySpan<byte> property) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>The same, from a value that may itself be absent.</summary>
    public static JsonElement? Get(JsonElement? obj, ReadOnlySpan<byte> property) => obj is { } value ? Get(value, property) : null;

    /// <summary>The object at <paramref name="property"/>, or null when absent or not an object.</summary>
    public static JsonElement? Object(JsonElement? obj, ReadOnlySpan<byte> property) =>
        Get(obj, property) is { ValueKind: JsonValueKind.Object } value ? value : null;

    /// <summary>The string at <paramref name="property"/> when it is a string (empty included); otherwise null.</summary>
    public static string? String(JsonElement? obj, ReadOnlySpan<byte> property) =>
        Get(obj, property) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    /// <summary>The string at <paramref name="property"/> when it is a non-empty string; otherwise null.</summary>
    public static string? NonEmptyString(JsonElement? obj, ReadOnlySpan<byte> property) =>
        Get(obj, property) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// Any value as a JsonNode would write it with <c>ToJsonString()</c>: compact, with the default encoder. Raw text
    /// would keep the sender's spacing, so the value is written again.
    /// </summary>
    public static string Compact(JsonElement value) => JsonSerializer.Serialize(value);
}
