using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Memoize.Cli.Manifests;

/// <summary>
/// Reads a YAML stream (one or more documents) into JSON documents, as kubectl would see them.
/// JSON is built straight from the parser's events; the YAML node tree (for line numbers) is built only
/// when a finding asks for a line, so clean files are parsed once.
/// </summary>
public static class YamlManifestReader
{
    // Guards against alias tricks: deep nesting, or an exponential "billion laughs" expansion.
    private const int MaxDepth = 200;
    private const int MaxNodes = 2_000_000;

    /// <summary>Every non-empty document of <paramref name="text"/>, in order.</summary>
    /// <exception cref="ManifestParseException">The text is not valid YAML or cannot be represented as JSON.</exception>
    public static IReadOnlyList<ManifestDocument> Read(string text)
    {
        var tree = new Lazy<YamlStream>(() =>
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        });
        var documents = new List<ManifestDocument>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            for (var index = 0; !parser.TryConsume<StreamEnd>(out _); index++)
            {
                parser.Consume<DocumentStart>();
                var content = new DocumentBuilder(parser).ReadNode(0);
                parser.Consume<DocumentEnd>();
                if (content is not null)
                {
                    documents.Add(new ManifestDocument(content, new YamlFieldLineMap(tree, index)));
                }
            }
        }
        catch (YamlException e)
        {
            throw new ManifestParseException(ManifestFormat.Yaml, (int)e.Start.Line, (int)e.Start.Column, Describe(e));
        }

        return documents;
    }

    private static string Describe(YamlException e)
    {
        var reason = e.Message.TrimEnd('.');
        return string.IsNullOrWhiteSpace(reason) ? "invalid YAML" : reason;
    }

    private static ManifestParseException Fail(ParsingEvent at, string reason) =>
        new(ManifestFormat.Yaml, (int)at.Start.Line, (int)at.Start.Column, reason);

    /// <summary>Builds one document's JSON from parser events; anchors are per document, as in YAML.</summary>
    private sealed class DocumentBuilder(IParser parser)
    {
        private readonly Dictionary<string, (JsonNode? Node, int Size)> anchors = new(StringComparer.Ordinal);
        private int used;

        public JsonNode? ReadNode(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Fail(parser.Current!, $"nesting deeper than {MaxDepth} levels");
            }

            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!anchors.TryGetValue(alias.Value.Value, out var anchored))
                {
                    throw Fail(alias, $"the alias *{alias.Value} refers to no anchor &{alias.Value} defined before it");
                }

                Count(alias, anchored.Size);
                return anchored.Node?.DeepClone();
            }

            var start = used;
            var nodeEvent = parser.Consume<NodeEvent>();
            Count(nodeEvent, 1);
            var node = nodeEvent switch
            {
                Scalar scalar => YamlScalarSchema.ToJson(scalar.Value, scalar.Style, scalar.Tag),
                SequenceStart => ReadSequence(depth),
                MappingStart => ReadMapping(depth),
                _ => throw Fail(nodeEvent, "unexpected YAML event"),
            };

            if (!nodeEvent.Anchor.IsEmpty)
            {
                anchors[nodeEvent.Anchor.Value] = (node, used - start);
            }

            return node;
        }

        private JsonArray ReadSequence(int depth)
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode(depth + 1));
            }

            return array;
        }

        private JsonObject ReadMapping(int depth)
        {
            var obj = new JsonObject();
            List<(ParsingEvent At, JsonNode? Value)>? merges = null; // at most one "<<" key, as YAML allows
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                if (!parser.TryConsume<Scalar>(out var key))
                {
                    throw Fail(parser.Current!, "a mapping key must be a plain string, not a list, a map or an alias");
                }

                if (IsMergeKey(key))
                {
                    if (merges is not null)
                    {
                        throw Fail(key, "Duplicate key <<");
                    }

                    merges = [(key, ReadNode(depth + 1))];
                    continue;
                }

                if (obj.ContainsKey(key.Value))
                {
                    throw Fail(key, $"Duplicate key {key.Value}");
                }

                obj[key.Value] = ReadNode(depth + 1);
            }

            // "<<: *anchor" merges (Kubernetes' YAML reader accepts them): keys written out win, then earlier maps.
            foreach (var (at, value) in merges ?? [])
            {
                var sources = value is JsonArray list ? list.ToList() : [value];
                foreach (var source in sources)
                {
                    if (source is not JsonObject merged)
                    {
                        throw Fail(at, "a merge key (<<) needs a map or a list of maps, e.g. <<: *defaults");
                    }

                    var entries = merged.ToList();
                    merged.Clear();
                    foreach (var (name, mergedValue) in entries)
                    {
                        obj.TryAdd(name, mergedValue);
                    }
                }
            }

            return obj;
        }

        private void Count(ParsingEvent at, int nodes)
        {
            used += nodes;
            if (used > MaxNodes)
            {
                throw Fail(at, $"the document expands to more than {MaxNodes} values (aliases used too often?)");
            }
        }

        private static bool IsMergeKey(Scalar key) =>
            key is { Value: "<<", Style: ScalarStyle.Plain }
            && (key.Tag.IsEmpty || key.Tag.IsNonSpecific || key.Tag.Value == "tag:yaml.org,2002:merge");
    }
}
