using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>
/// Writes JSON exactly as Go's <c>encoding/json.Marshal</c> does (Go 1.22 and later), so that a cache
/// entry written here is byte-identical to one written by Argo's controller.
/// </summary>
internal static class GoJson
{
    private const string Hex = "0123456789abcdef";

    /// <summary>
    /// Appends <paramref name="text"/> as a JSON string with Go's escaping: <c>"</c> and <c>\</c> backslashed,
    /// <c>\b \f \n \r \t</c> short, other control characters <c>\u00xx</c>, HTML-sensitive <c>&lt; &gt; &amp;</c>
    /// and U+2028/U+2029 as <c>\u....</c>, everything else (DEL and all non-ASCII) as raw UTF-8.
    /// </summary>
    public static void AppendString(StringBuilder output, string text)
    {
        output.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    AppendUnicodeEscape(output, c);
                    break;
                default:
                    if (c < 0x20)
                    {
                        AppendUnicodeEscape(output, c);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // A valid pair is copied; a lone surrogate can only come from a "\udxxx" escape,
                        // which Go's decoder turns into U+FFFD (written raw, like any valid rune).
                        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        {
                            output.Append(c).Append(text[i + 1]);
                            i++;
                        }
                        else
                        {
                            output.Append('\uFFFD');
                        }
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    /// <summary>Appends <paramref name="node"/> compactly, keeping property order and number spelling, with Go's string escaping.</summary>
    public static void AppendNode(StringBuilder output, JsonNode? node)
    {
        switch (node)
        {
            case null:
                output.Append("null");
                break;
            case JsonObject obj:
                output.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    AppendString(output, name);
                    output.Append(':');
                    AppendNode(output, value);
                }

                output.Append('}');
                break;
            case JsonArray array:
                output.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(',');
                    }

                    AppendNode(output, array[i]);
                }

                output.Append(']');
                break;
            case JsonValue value:
                AppendValue(output, value);
                break;
            default:
                throw new InvalidOperationException($"unexpected JSON node type {node.GetType().Name}");
        }
    }

    /// <summary>Appends an RFC 3339 UTC timestamp truncated to whole seconds, as Kubernetes' metav1.Time marshals.</summary>
    public static void AppendTimestamp(StringBuilder output, DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            output.Append("null");
            return;
        }

        output.Append('"').Append(FormatTimestamp(t)).Append('"');
    }

    /// <summary>The whole-second RFC 3339 UTC spelling of <paramref name="time"/>, e.g. <c>2026-01-02T03:04:05Z</c>.</summary>
    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

    private static void AppendValue(StringBuilder output, JsonValue value)
    {
        if (value.GetValueKind() == JsonValueKind.String && value.TryGetValue(out string? text))
        {
            AppendString(output, text);
            return;
        }

        if (!value.TryGetValue(out JsonElement element))
        {
            // A value built from a CLR object: let System.Text.Json spell it, then re-emit it Go's way.
            using var document = JsonDocument.Parse(value.ToJsonString());
            element = document.RootElement.Clone();
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AppendString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                output.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                AppendNode(output, JsonNode.Parse(element.GetRawText()));
                break;
        }
    }

    private static void AppendUnicodeEscape(StringBuilder output, char c) =>
        output.Append("\\u")
            .Append(Hex[(c >> 12) & 0xF])
            .Append(Hex[(c >> 8) & 0xF])
            .Append(Hex[(c >> 4) & 0xF])
            .Append(Hex[c & 0xF]);
}
