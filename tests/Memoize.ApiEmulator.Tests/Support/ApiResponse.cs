using System.Net;
using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>A response read in full: status, headers and body (JSON when it parses).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseMessage Message, string Text)
{
    /// <summary>The body as a JSON object (fails the test when it is not one).</summary>
    public JsonObject Json => JsonNode.Parse(Text) as JsonObject ?? throw new Xunit.Sdk.XunitException($"Expected a JSON object, got: {Text}");

    /// <summary>The <c>Warning</c> header values, in order.</summary>
    public IReadOnlyList<string> Warnings =>
        Message.Headers.TryGetValues("Warning", out var values) ? values.ToList() : [];
}
