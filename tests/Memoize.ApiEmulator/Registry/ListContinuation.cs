using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Registry;

/// <summary>
/// The opaque <c>continue</c> token of a paginated list: the list's revision and the last key returned, encoded as
/// kube-apiserver does (unpadded URL-safe base64 of <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>).
/// Revision -1 means "continue at the latest revision" (the token a 410 Expired answer carries).
/// </summary>
internal static class ListContinuation
{
    /// <summary>Encodes a token.</summary>
    public static string Encode(long revision, string lastKey)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = revision, ["start"] = lastKey + "\u0000" };
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(WireJson.Serialize(json)));
    }

    /// <summary>Decodes a token; throws 400 BadRequest when it is not one of ours.</summary>
    public static (long Revision, string StartAfter) Decode(string token)
    {
        try
        {
            var json = (JsonObject)WireJson.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.TrimEnd('='))))!;
            var revision = json["rv"]!.GetValue<long>();
            var start = json["start"]!.GetValue<string>().TrimEnd('\u0000');
            return (revision, start);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or InvalidOperationException or NullReferenceException or System.Text.Json.JsonException)
        {
            throw ApiError.BadRequest(string.Create(CultureInfo.InvariantCulture, $"continue key is not valid: {ex.Message}"));
        }
    }
}
