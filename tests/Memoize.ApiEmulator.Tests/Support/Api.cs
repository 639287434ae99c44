using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.ApiEmulator.Tests.Support;

/// <summary>Raw HTTP calls to the emulator, as a Kubernetes client makes them.</summary>
public static class Api
{
    // UTF-8 on the wire, like Go clients (no \uXXXX escapes for non-ASCII text).
    private static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Sends a request and reads the whole answer.</summary>
    public static async Task<ApiResponse> SendAsync(this HttpClient client, HttpMethod method, string path, string? body = null,
        string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, response, text);
    }

    /// <summary>Compact JSON as the emulator writes it (quotes escaped as \", non-ASCII unescaped).</summary>
    public static string Compact(this JsonNode node) => node.ToJsonString(Wire);

    /// <summary>GET.</summary>
    public static Task<ApiResponse> ApiGetAsync(this HttpClient client, string path) => client.SendAsync(HttpMethod.Get, path);

    /// <summary>POST of a JSON object.</summary>
    public static Task<ApiResponse> ApiPostAsync(this HttpClient client, string path, JsonNode body) =>
        client.SendAsync(HttpMethod.Post, path, body.ToJsonString(Wire));

    /// <summary>PUT of a JSON object.</summary>
    public static Task<ApiResponse> ApiPutAsync(this HttpClient client, string path, JsonNode body) =>
        client.SendAsync(HttpMethod.Put, path, body.ToJsonString(Wire));

    /// <summary>PATCH with the given patch type.</summary>
    public static Task<ApiResponse> ApiPatchAsync(this HttpClient client, string path, JsonNode patch, string contentType = "application/merge-patch+json") =>
        client.SendAsync(HttpMethod.Patch, path, patch.ToJsonString(Wire), contentType);

    /// <summary>DELETE, optionally with DeleteOptions.</summary>
    public static Task<ApiResponse> ApiDeleteAsync(this HttpClient client, string path, JsonNode? options = null) =>
        client.SendAsync(HttpMethod.Delete, path, options?.ToJsonString(Wire));

    /// <summary>Creates a ConfigMap in <paramref name="namespace"/> and returns the stored object (fails the test unless 201).</summary>
    public static async Task<JsonObject> CreateConfigMapAsync(this HttpClient client, string @namespace, string name,
        IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        var response = await client.ApiPostAsync($"/api/v1/namespaces/{@namespace}/configmaps", Objects.ConfigMap(name, data, labels));
        Assert.True(response.Status == System.Net.HttpStatusCode.Created, response.Text);
        return response.Json;
    }
}
