using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Memoize.Cli.Manifests;

/// <summary>
/// Reads a YAML stream (one or more documents) into JSON documents, as kubectl would see them.
/// JSON and the line skeleton are built straight from YamlDotNet's event parser (not its deserializer or node
/// tree), so the reading rules are ours: a duplicated key keeps its last value, as kubectl does, and is reported.
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
        var readable = text;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return ReadDocuments(readable);
            }
            catch (YamlException e) when ((long)(attempt + 1) * readable.Length < QuotedScalarIndentation.ParseBudget
                && QuotedScalarIndentation.TryRepair(readable, e, out var repaired))
            {
                readable = repaired;
            }
            catch (YamlException e)
            {
                throw new ManifestParseException(ManifestFormat.Yaml, (int)e.Start.Line, (int)e.Start.Column, Describe(e));
            }
            catch (InvalidOperationException)
            {
                // YamlDotNet's scanner throws this (not a YamlException) when the text ends inside an open [ or {.
                var lastBreak = readable.LastIndexOf('\n');
                var line = readable.Count(c => c == '\n') + 1;
                throw new ManifestParseException(ManifestFormat.Yaml, line, readable.Length - lastBreak, "the file ends inside an unclosed [ or {; close it");
            }
        }
    }

    private static List<ManifestDocument> ReadDocuments(string text)
    {
        var documents = new List<ManifestDocument>();
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        while (!parser.TryConsume<StreamEnd>(out _))
        {
            parser.Consume<DocumentStart>();
            var builder = new DocumentBuilder(parser);
            var (content, lines) = builder.ReadNode(0);
            parser.Consume<DocumentEnd>();
            if (content is not null)
            {
                documents.Add(new ManifestDocument(content, new YamlFieldLineMap(lines)) { DuplicateKeys = builder.Duplicates });
            }
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

    /// <summary>Builds one document's JSON and line skeleton from parser events; anchors are per document, as in YAML.</summary>
    private sealed class DocumentBuilder(IParser parser)
    {
        private readonly Dictionary<string, (JsonNode? Node, YamlLineNode Lines, int Size)> anchors = new(StringComparer.Ordinal);
        private readonly List<object> path = [];
        private int used;

        public List<DuplicateKey> Duplicates { get; } = [];

        public (JsonNode? Node, YamlLineNode Lines) ReadNode(int depth)
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
                return (anchored.Node?.DeepClone(), anchored.Lines);
            }

            var start = used;
            var nodeEvent = parser.Consume<NodeEvent>();
            Count(nodeEvent, 1);
            var line = (int)nodeEvent.Start.Line;
            var (node, lines) = nodeEvent switch
            {
                Scalar scalar => (YamlScalarSchema.ToJson(scalar.Value, scalar.Style, scalar.Tag), new YamlLineNode(line)),
                SequenceStart => ReadSequence(depth, line),
                MappingStart => ReadMapping(depth, line),
                _ => throw Fail(nodeEvent, "unexpected YAML event"),
            };

            if (!nodeEvent.Anchor.IsEmpty)
            {
                anchors[nodeEvent.Anchor.Value] = (node, lines, used - start);
            }

            return (node, lines);
        }

        private (JsonNode?, YamlLineNode) ReadSequence(int depth, int line)
        {
            var array = new JsonArray();
            var lines = new YamlLineNode(line) { Items = [] };
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                path.Add(array.Count);
                var (item, itemLines) = ReadNode(depth + 1);
                path.RemoveAt(path.Count - 1);
                array.Add(item);
                lines.Items.Add(itemLines);
            }

            return (array, lines);
        }

        private (JsonNode?, YamlLineNode) ReadMapping(int depth, int line)
        {
            var obj = new JsonObject();
            var lines = new YamlLineNode(line) { Entries = new(StringComparer.Ordinal) };
            List<(ParsingEvent At, JsonNode? Value, YamlLineNode Lines)>? merges = null; // at most one "<<" key, as YAML allows
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

                    var (mergeValue, mergeLines) = ReadNode(depth + 1);
                    merges = [(key, mergeValue, mergeLines)];
                    continue;
                }

                var keyLine = (int)key.Start.Line;
                if (lines.Entries.TryGetValue(key.Value, out var earlier))
                {
                    // Kubernetes' reader (sigs.k8s.io/yaml over yaml.v2) keeps the last value; say so instead of refusing.
                    Duplicates.Add(new DuplicateKey(PathTo(key.Value), key.Value, earlier.KeyLine, keyLine));
                    obj.Remove(key.Value);
                }

                path.Add(key.Value);
                var (value, valueLines) = ReadNode(depth + 1);
                path.RemoveAt(path.Count - 1);
                obj[key.Value] = value;
                lines.Entries[key.Value] = (keyLine, valueLines);
            }

            // "<<: *anchor" merges (Kubernetes' YAML reader accepts them): keys written out win, then earlier maps.
            foreach (var (at, value, mergedLines) in merges ?? [])
            {
                var sources = value is JsonArray list ? list.ToList() : [value];
                var sourceLines = mergedLines.Items ?? [mergedLines];
                for (var i = 0; i < sources.Count; i++)
                {
                    if (sources[i] is not JsonObject merged)
                    {
                        throw Fail(at, "a merge key (<<) needs a map or a list of maps, e.g. <<: *defaults");
                    }

                    var entries = merged.ToList();
                    merged.Clear();
                    foreach (var (name, mergedValue) in entries)
                    {
                        obj.TryAdd(name, mergedValue);
                    }

                    foreach (var (name, entry) in i < sourceLines.Count ? sourceLines[i].Entries ?? [] : [])
                    {
                        lines.Entries.TryAdd(name, entry);
                    }
                }
            }

            return (obj, lines);
        }

        private string PathTo(string key)
        {
            var text = new System.Text.StringBuilder();
            foreach (var step in path.Append(key))
            {
                if (step is int index)
                {
                    text.Append('[').Append(index).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? "" : ".").Append(step);
                }
            }

            return text.ToString();
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
