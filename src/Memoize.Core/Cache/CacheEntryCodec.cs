using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Cache;

/// <summary>Reads and writes cache entries in the exact JSON Argo's controller reads and writes.</summary>
public static class CacheEntryCodec
{
    /// <summary>The prefix of Argo's error for an entry it cannot read.</summary>
    public const string MalformedPrefix = "malformed cache entry: could not unmarshal JSON; unable to parse: ";

    // Go's decoder allows 10000 levels; real outputs are a few levels deep, and a bound keeps recursion safe.
    private const int MaxDepth = 1000;

    /// <summary>
    /// The entry as Go's json.Marshal writes Argo's Entry struct: fields in the order nodeID, outputs,
    /// creationTimestamp, lastHitTimestamp; no whitespace; timestamps whole-second UTC RFC 3339 or <c>null</c>;
    /// outputs in the field order of Argo's structs (<see cref="ArgoOutputsOrder"/>) with Go's string escaping.
    /// </summary>
    public static string Write(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var output = new StringBuilder(128);
        output.Append("{\"nodeID\":");
        GoJson.AppendString(output, entry.NodeId);
        output.Append(",\"outputs\":");
        GoJson.AppendNode(output, ArgoOutputsOrder.Canonical(entry.Outputs));
        output.Append(",\"creationTimestamp\":");
        GoJson.AppendTimestamp(output, entry.CreationTimestamp);
        output.Append(",\"lastHitTimestamp\":");
        GoJson.AppendTimestamp(output, entry.LastHitTimestamp);
        output.Append('}');
        return output.ToString();
    }

    /// <summary>
    /// Reads an entry as leniently as Go's json.Unmarshal into Argo's Entry: field names case-insensitive,
    /// unknown fields ignored, a repeated field's last value wins, missing or null timestamps are zero,
    /// fractional seconds and any offset accepted. Never throws: unreadable text gives Argo's error.
    /// </summary>
    public static CacheEntryReadResult Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
            var entry = ReadEntry(document.RootElement);
            return entry is null ? Malformed(text) : new CacheEntryReadResult(entry, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return Malformed(text);
        }
    }

    private static CacheEntryReadResult Malformed(string text) => new(null, MalformedPrefix + text);

    private static CacheEntry? ReadEntry(JsonElement root)
    {
        // Go decodes a top-level null into a struct as "nothing to do": an empty entry, not an error.
        if (root.ValueKind == JsonValueKind.Null)
        {
            return new CacheEntry("", null, null, null);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var nodeId = "";
        JsonNode? outputs = null;
        DateTimeOffset? created = null;
        DateTimeOffset? lastHit = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            if (IsField(property.Name, "nodeID"))
            {
                // Go leaves a string field untouched when the JSON value is null.
                if (value.ValueKind == JsonValueKind.String)
                {
                    nodeId = LenientJsonString.Read(value);
                }
                else if (value.ValueKind != JsonValueKind.Null)
                {
                    return null;
                }
            }
            else if (IsField(property.Name, "outputs"))
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    outputs = null;
                }
                else if (value.ValueKind == JsonValueKind.Object && HasOutputsShape(value))
                {
                    outputs = ToNode(value);
                }
                else
                {
                    return null;
                }
            }
            else if (IsField(property.Name, "creationTimestamp"))
            {
                if (!TryReadTime(value, out created))
                {
                    return null;
                }
            }
            else if (IsField(property.Name, "lastHitTimestamp"))
            {
                if (!TryReadTime(value, out lastHit))
                {
                    return null;
                }
            }
        }

        return new CacheEntry(nodeId, outputs, created, lastHit);
    }

    private static bool IsField(string name, string field) => string.Equals(name, field, StringComparison.OrdinalIgnoreCase);

    /// <summary>The type checks Go makes when decoding into Argo's Outputs struct, on its four scalar-or-list fields.</summary>
    private static bool HasOutputsShape(JsonElement outputs)
    {
        foreach (var property in outputs.EnumerateObject())
        {
            var kind = property.Value.ValueKind;
            if ((IsField(property.Name, "parameters") || IsField(property.Name, "artifacts"))
                && kind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                return false;
            }

            if ((IsField(property.Name, "result") || IsField(property.Name, "exitCode"))
                && kind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadTime(JsonElement value, out DateTimeOffset? time)
    {
        time = null;
        return value.ValueKind switch
        {
            JsonValueKind.Null => true,
            JsonValueKind.String => Rfc3339Timestamp.TryParse(LenientJsonString.Read(value), out time),
            _ => false,
        };
    }

    /// <summary>Copies an element into a node, keeping property order; a repeated property keeps its first place and last value.</summary>
    private static JsonNode? ToNode(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    obj[property.Name] = ToNode(property.Value);
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    array.Add(ToNode(item));
                }

                return array;
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.String:
                return JsonValue.Create(LenientJsonString.Read(element));
            default:
                return JsonValue.Create(element.Clone());
        }
    }
}
