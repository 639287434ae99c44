using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Memoize.Cli.Manifests;

/// <summary>Reads a YAML stream (one or more documents) into JSON documents, as kubectl would see them.</summary>
public static class YamlManifestReader
{
    // Guards against alias tricks: a self-referencing anchor or an exponential "billion laughs" expansion.
    private const int MaxDepth = 200;
    private const int MaxNodes = 2_000_000;

    /// <summary>Every non-empty document of <paramref name="text"/>, in order.</summary>
    /// <exception cref="ManifestParseException">The text is not valid YAML or cannot be represented as JSON.</exception>
    public static IReadOnlyList<ManifestDocument> Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new ManifestParseException(ManifestFormat.Yaml, (int)e.Start.Line, (int)e.Start.Column, Describe(e));
        }

        var documents = new List<ManifestDocument>();
        foreach (var document in stream.Documents)
        {
            var budget = new NodeBudget();
            var content = ToJson(document.RootNode, 0, budget);
            if (content is not null)
            {
                documents.Add(new ManifestDocument(content, new YamlFieldLineMap(document.RootNode)));
            }
        }

        return documents;
    }

    private static string Describe(YamlException e)
    {
        var reason = e.Message.TrimEnd('.');
        return string.IsNullOrWhiteSpace(reason) ? "invalid YAML" : reason;
    }

    private static JsonNode? ToJson(YamlNode node, int depth, NodeBudget budget)
    {
        if (depth > MaxDepth)
        {
            throw Fail(node, $"nesting deeper than {MaxDepth} levels (a recursive alias?)");
        }

        if (++budget.Used > MaxNodes)
        {
            throw Fail(node, $"the document expands to more than {MaxNodes} values (aliases used too often?)");
        }

        switch (node)
        {
            case YamlScalarNode scalar:
                return YamlScalarSchema.ToJson(scalar);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, depth + 1, budget));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    if (!IsMergeKey(key))
                    {
                        obj[KeyName(key)] = ToJson(value, depth + 1, budget);
                    }
                }

                // "<<: *anchor" merges (which Kubernetes' YAML reader accepts): keys written out win, then earlier maps.
                foreach (var (key, value) in mapping.Children)
                {
                    if (IsMergeKey(key))
                    {
                        Merge(obj, value, depth, budget);
                    }
                }

                return obj;
            default:
                throw Fail(node, "an alias that refers to no anchor");
        }
    }

    private static void Merge(JsonObject target, YamlNode value, int depth, NodeBudget budget)
    {
        var sources = value is YamlSequenceNode list ? list.Children : [value];
        foreach (var source in sources)
        {
            if (source is not YamlMappingNode || ToJson(source, depth + 1, budget) is not JsonObject merged)
            {
                throw Fail(source, "a merge key (<<) needs a map or a list of maps, e.g. <<: *defaults");
            }

            foreach (var (name, mergedValue) in merged)
            {
                if (!target.ContainsKey(name))
                {
                    target[name] = mergedValue?.DeepClone();
                }
            }
        }
    }

    private static bool IsMergeKey(YamlNode key) =>
        key is YamlScalarNode { Value: "<<", Style: ScalarStyle.Plain } scalar
        && (scalar.Tag.IsEmpty || scalar.Tag.IsNonSpecific || scalar.Tag.Value == "tag:yaml.org,2002:merge");

    private static string KeyName(YamlNode key) =>
        key is YamlScalarNode { Value: { } name }
            ? name
            : throw Fail(key, "a mapping key must be a plain string, not a list or a map");

    private static ManifestParseException Fail(YamlNode node, string reason) =>
        new(ManifestFormat.Yaml, (int)node.Start.Line, (int)node.Start.Column, reason);

    private sealed class NodeBudget
    {
        public int Used { get; set; }
    }
}
