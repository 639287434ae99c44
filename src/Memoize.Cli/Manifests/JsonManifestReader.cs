using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Cli.Manifests;

/// <summary>Reads a JSON manifest (one value, as <c>kubectl get -o json</c> writes it).</summary>
public static class JsonManifestReader
{
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 200 };

    /// <summary>The single document of <paramref name="text"/>; none when the text is blank or <c>null</c>.</summary>
    /// <exception cref="ManifestParseException">The text is not valid JSON.</exception>
    public static IReadOnlyList<ManifestDocument> Read(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        JsonNode? content;
        try
        {
            content = JsonNode.Parse(text, documentOptions: Strict);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts from 0; people (and editors) count from 1.
            var line = (int)(e.LineNumber ?? 0) + 1;
            var column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new ManifestParseException(ManifestFormat.Json, line, column, Describe(e.Message));
        }

        return content is null ? [] : [new ManifestDocument(content, new JsonFieldLineMap(text))];
    }

    // The exception message repeats the position ("... LineNumber: 3 | BytePositionInLine: 4."), which we print first.
    private static string Describe(string message)
    {
        foreach (var marker in new[] { " Path: ", " LineNumber: " })
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at > 0)
            {
                message = message[..at];
            }
        }

        return message.Trim().TrimEnd('.');
    }
}
