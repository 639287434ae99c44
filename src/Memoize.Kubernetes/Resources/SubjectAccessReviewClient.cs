using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>Asks the API server whether a user may do something (authorization.k8s.io/v1 SubjectAccessReview; a read, no side effects).</summary>
/// <param name="api">The client to send through.</param>
public sealed class SubjectAccessReviewClient(KubernetesApiClient api)
{
    /// <summary>
    /// May <paramref name="user"/> (with <paramref name="groups"/>) <paramref name="verb"/> <paramref name="resource"/> of API
    /// <paramref name="group"/> ("" = core) in <paramref name="namespace"/> (null = cluster-wide)?
    /// </summary>
    public async Task<AccessReviewResult> ReviewAsync(
        string user,
        IReadOnlyList<string>? groups,
        string verb,
        string group,
        string resource,
        string? @namespace,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(verb);
        ArgumentException.ThrowIfNullOrEmpty(resource);
        var attributes = new JsonObject
        {
            ["verb"] = verb,
            ["group"] = group ?? "",
            ["resource"] = resource,
        };
        if (!string.IsNullOrEmpty(@namespace))
        {
            attributes["namespace"] = @namespace;
        }

        var spec = new JsonObject { ["user"] = user, ["resourceAttributes"] = attributes };
        if (groups is { Count: > 0 })
        {
            spec["groups"] = new JsonArray(groups.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray());
        }

        var review = new JsonObject
        {
            ["apiVersion"] = ResourceType.SubjectAccessReviews.ApiVersion,
            ["kind"] = ResourceType.SubjectAccessReviews.Kind,
            ["spec"] = spec,
        };
        var answer = await api.CreateAsync(ResourceType.SubjectAccessReviews, review, cancellationToken).ConfigureAwait(false);
        var status = answer["status"] as JsonObject;
        return new AccessReviewResult(
            Flag(status?["allowed"]),
            Flag(status?["denied"]),
            Text(status?["reason"]) ?? "",
            Text(status?["evaluationError"]));
    }

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
