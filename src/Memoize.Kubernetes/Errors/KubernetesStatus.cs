using System.Text.Json.Nodes;
using k8s.Models;

namespace Memoize.Kubernetes.Errors;

/// <summary>A Kubernetes <c>Status</c> object (meta/v1): what the API server says when a call fails.</summary>
/// <param name="Code">The HTTP status code the Status carries, e.g. 404.</param>
/// <param name="Reason">The machine reason, e.g. <c>NotFound</c>, <c>AlreadyExists</c>, <c>Expired</c>.</param>
/// <param name="Message">The human message, e.g. <c>configmaps "nope" not found</c>.</param>
/// <param name="Name">details.name: the object the Status is about, when given.</param>
/// <param name="Kind">details.kind, e.g. <c>configmaps</c> or <c>ConfigMap</c>.</param>
/// <param name="Causes">details.causes; empty when none.</param>
/// <param name="RetryAfterSeconds">details.retryAfterSeconds, when given.</param>
public sealed record KubernetesStatus(
    int Code,
    string Reason,
    string Message,
    string? Name,
    string? Kind,
    IReadOnlyList<StatusCause> Causes,
    int? RetryAfterSeconds)
{
    /// <summary>Reads a Status object; returns null when <paramref name="node"/> is not one (no <c>kind: Status</c>).</summary>
    public static KubernetesStatus? TryFrom(JsonNode? node)
    {
        if (node is not JsonObject obj || Text(obj["kind"]) != "Status")
        {
            return null;
        }

        var details = obj["details"] as JsonObject;
        var causes = new List<StatusCause>();
        if (details?["causes"] is JsonArray array)
        {
            foreach (var item in array.OfType<JsonObject>())
            {
                causes.Add(new StatusCause(Text(item["reason"]), Text(item["message"]), Text(item["field"])));
            }
        }

        return new KubernetesStatus(
            Number(obj["code"]) ?? 0,
            Text(obj["reason"]) ?? "",
            Text(obj["message"]) ?? "",
            Text(details?["name"]),
            Text(details?["kind"]),
            causes,
            Number(details?["retryAfterSeconds"]));
    }

    /// <summary>The package's Status (a watch ERROR event) as ours.</summary>
    public static KubernetesStatus From(V1Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var causes = status.Details?.Causes?.Select(cause => new StatusCause(cause.Reason, cause.Message, cause.Field)).ToList() ?? [];
        return new KubernetesStatus(
            status.Code ?? 0,
            status.Reason ?? "",
            status.Message ?? "",
            status.Details?.Name,
            status.Details?.Kind,
            causes,
            status.Details?.RetryAfterSeconds);
    }

    /// <summary>Reads a response body as a Status; returns null when it is empty, not JSON, or not a Status.</summary>
    public static KubernetesStatus? TryParse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return TryFrom(JsonNode.Parse(body));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static int? Number(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;
}
