using System.Text;
using System.Text.Json;

namespace Memoize.Cli.Manifests;

/// <summary>Line lookup over JSON text. Built on first use only, since most documents have no finding.</summary>
public sealed class JsonFieldLineMap : IFieldLineMap
{
    private readonly string text;
    private Dictionary<string, int>? lines;

    /// <summary>Creates the map for the JSON <paramref name="text"/> (already known to be valid).</summary>
    public JsonFieldLineMap(string text) => this.text = text;

    /// <inheritdoc />
    public int LineOf(string fieldPath)
    {
        lines ??= Build(text);

        // Walk back to the nearest ancestor that exists: "a.b[2].c" -> "a.b[2]" -> "a.b" -> "a" -> "".
        var path = fieldPath;
        while (true)
        {
            if (lines.TryGetValue(path, out var line))
            {
                return line;
            }

            var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            path = cut < 0 ? "" : path[..cut];
        }
    }

    private static Dictionary<string, int> Build(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var newlines = new List<long>();
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        int LineAt(long offset)
        {
            var index = newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var containers = new Stack<Container>();
        var property = "";
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 200 });
        while (reader.Read())
        {
            var line = LineAt(reader.TokenStartIndex);
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var parent = containers.Peek().Path;
                property = parent.Length == 0 ? reader.GetString()! : parent + "." + reader.GetString();
                lines.TryAdd(property, line);
                continue;
            }

            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                containers.Pop();
                continue;
            }

            // A value: the document itself, a property's value or an array element.
            string path;
            if (containers.Count == 0)
            {
                path = "";
                lines.TryAdd(path, line);
            }
            else if (containers.Peek() is { IsArray: true } array)
            {
                path = $"{array.Path}[{array.Count++}]";
                lines.TryAdd(path, line);
            }
            else
            {
                path = property;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push(new Container(path, reader.TokenType == JsonTokenType.StartArray));
            }
        }

        return lines;
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Count { get; set; }
    }
}
