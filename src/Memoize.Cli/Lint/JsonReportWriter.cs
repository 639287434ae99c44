using System.Text.Encodings.Web;
using System.Text.Json;
using Memoize.Core.Rules;

namespace Memoize.Cli.Lint;

/// <summary>
/// Writes a lint report for machines: always a JSON array (<c>[]</c> when nothing is found) of
/// <c>{"file","kind","name","path","severity","message"}</c> objects, indented, keys in that order.
/// </summary>
public static class JsonReportWriter
{
    // Messages quote values and show '<', '>' and '+'; keep them readable (this is not HTML).
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the findings of <paramref name="report"/> as one JSON array followed by a newline.</summary>
    public static void Write(LintReport report, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            foreach (var item in report.Findings)
            {
                writer.WriteStartObject();
                writer.WriteString("file", item.File);
                writer.WriteString("kind", item.Kind);
                writer.WriteString("name", item.Name);
                writer.WriteString("path", item.Finding.Path);
                writer.WriteString("severity", item.Finding.Severity == Severity.Error ? "error" : "warning");
                writer.WriteString("message", item.Finding.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
