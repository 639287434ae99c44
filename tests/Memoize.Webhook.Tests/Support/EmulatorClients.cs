using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Memoize.Webhook.Caches;
using Memoize.Webhook.Rbac;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// Test-side stand-ins for the Kubernetes client (wired in a later step): SubjectAccessReviews and ConfigMap reads as
/// plain HTTP calls to the API emulator, with the wire shapes kube-apiserver uses.
/// </summary>
public sealed class EmulatorAccessReviewer(HttpClient client) : IAccessReviewer
{
    public async Task<bool?> CanAsync(string user, string verb, string resource, string? @namespace, CancellationToken cancellationToken)
    {
        var review = new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SubjectAccessReview",
            ["spec"] = new JsonObject
            {
                ["user"] = user,
                ["resourceAttributes"] = new JsonObject { ["group"] = "", ["resource"] = resource, ["verb"] = verb, ["namespace"] = @namespace },
            },
        };
        using var response = await client.PostAsJsonAsync("/apis/authorization.k8s.io/v1/subjectaccessreviews", review, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return (bool?)answer?["status"]?["allowed"];
    }
}

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
