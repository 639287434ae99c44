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
