using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Tests.Support;

/// <summary>Reads a ConfigMap's labels from the API emulator; 404 means it does not exist.</summary>
public sealed class EmulatorConfigMapReader(HttpClient client) : IConfigMapReader
{
    public async Task<IReadOnlyDictionary<string, string>?> GetLabelsAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/api/v1/namespaces/{@namespace}/configmaps/{name}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var configMap = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (configMap?["metadata"]?["labels"] as JsonObject)?.ToDictionary(l => l.Key, l => (string)l.Value!) ?? new Dictionary<string, string>();
    }
}
