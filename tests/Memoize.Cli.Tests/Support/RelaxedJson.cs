using System.Text.Encodings.Web;
using System.Text.Json;

namespace Memoize.Cli.Tests.Support;

/// <summary>JSON serializer options that escape only what JSON requires, as the JSON report does.</summary>
public static class RelaxedJson
{
    /// <summary>The options.</summary>
    public static JsonSerializerOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
