using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Core.Workflows;

/// <summary>Argo's <c>status.compressedNodes</c> format: base64 (standard, padded) of gzip of the nodes map's JSON.</summary>
internal static class CompressedNodes
{
    // A Workflow object is at most a few MiB; this bounds what a hostile value can make us inflate.
    private const int MaxInflatedBytes = 256 * 1024 * 1024;

    /// <summary>Encodes a nodes map as Argo does.</summary>
    public static string Encode(JsonObject nodes)
    {
        var json = Encoding.UTF8.GetBytes(nodes.ToJsonString());
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>Decodes a compressedNodes value; on failure <paramref name="error"/> says why.</summary>
    public static bool TryDecode(string text, out JsonObject nodes, out string? error)
    {
        nodes = [];
        error = null;
        try
        {
            var compressed = Convert.FromBase64String(text);
            using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var inflated = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = gzip.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (inflated.Length + read > MaxInflatedBytes)
                {
                    error = $"status.compressedNodes inflates to more than {MaxInflatedBytes} bytes";
                    return false;
                }

                inflated.Write(chunk, 0, read);
            }

            if (JsonNode.Parse(inflated.ToArray()) is not JsonObject map)
            {
                error = "status.compressedNodes does not hold a JSON object of nodes";
                return false;
            }

            nodes = map;
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or JsonException)
        {
            error = $"status.compressedNodes cannot be read: {e.Message}";
            return false;
        }
    }
}
