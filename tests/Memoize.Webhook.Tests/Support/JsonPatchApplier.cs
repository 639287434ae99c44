using System.Text;
using System.Text.Json.Nodes;

namespace Memoize.Webhook.Tests.Support;

/// <summary>A small RFC 6902 applier (add, remove, replace, test) to check that the webhook's patches do what they claim.</summary>
public static class JsonPatchApplier
{
    public static JsonArray Decode(string base64) => JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64)))!.AsArray();

    public static JsonObject Apply(JsonObject document, JsonArray patch)
    {
        var result = document.DeepClone().AsObject();
        foreach (var operation in patch.Select(o => o!.AsObject()))
        {
            var tokens = ((string)operation["path"]!).Split('/').Skip(1).Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(tokens);
            var parent = tokens.SkipLast(1).Aggregate((JsonNode)result, (node, token) => node is JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]! : node[token] ?? throw new InvalidOperationException($"path {operation["path"]}: {token} does not exist"));
            var last = tokens[^1];
            switch ((string)operation["op"]!)
            {
                case "add" or "replace":
                    if (parent is JsonArray list)
                    {
                        list.Insert(last == "-" ? list.Count : int.Parse(last, System.Globalization.CultureInfo.InvariantCulture), operation["value"]?.DeepClone());
                    }
                    else
                    {
                        parent.AsObject()[last] = operation["value"]?.DeepClone();
                    }

                    break;
                case "remove":
                    Assert.True(parent.AsObject().Remove(last), $"remove {operation["path"]}: it does not exist");
                    break;
                default:
                    throw new InvalidOperationException($"unsupported op {operation["op"]}");
            }
        }

        return result;
    }
}
