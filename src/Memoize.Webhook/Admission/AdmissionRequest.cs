using System.Text.Json;
using System.Text.Json.Nodes;

namespace Memoize.Webhook.Admission;

/// <summary>
/// The typed view of an AdmissionReview v1 <c>request</c>: only what the webhook reads is typed, the objects stay
/// JSON so that unknown fields survive.
/// </summary>
public sealed class AdmissionRequest
{
    /// <summary>request.uid, echoed in the response.</summary>
    public required string Uid { get; init; }

    /// <summary>request.kind: the kind of the object being admitted.</summary>
    public required GroupVersionKind Kind { get; init; }

    /// <summary>request.resource.resource, e.g. <c>workflows</c>.</summary>
    public string? Resource { get; init; }

    /// <summary>request.subResource, e.g. <c>status</c>; null for the main resource.</summary>
    public string? SubResource { get; init; }

    /// <summary>request.name; absent on a mutating CREATE that uses generateName.</summary>
    public string? Name { get; init; }

    /// <summary>request.namespace; absent for cluster-scoped objects such as ClusterWorkflowTemplate.</summary>
    public string? Namespace { get; init; }

    /// <summary>request.operation: CREATE, UPDATE, DELETE or CONNECT.</summary>
    public required string Operation { get; init; }

    /// <summary>request.userInfo.username: who made the request.</summary>
    public string? UserName { get; init; }

    /// <summary>request.object: the object after the change; null on DELETE.</summary>
    public JsonObject? Object { get; init; }

    /// <summary>request.oldObject: the object before the change (UPDATE and DELETE).</summary>
    public JsonObject? OldObject { get; init; }

    /// <summary>request.object as the read-only JSON it was parsed from, when it was (the HTTP adapter); else null.</summary>
    public JsonElement? ObjectJson { get; init; }

    /// <summary>request.oldObject as the read-only JSON it was parsed from, when it was; else null.</summary>
    public JsonElement? OldObjectJson { get; init; }

    /// <summary>request.dryRun: the change will not be persisted. The answer is the same either way.</summary>
    public bool DryRun { get; init; }

    /// <summary>The object's name for people and logs: request.name, else metadata.name, else metadata.generateName.</summary>
    public string DisplayName =>
        Name
        ?? StringAt(Object?["metadata"], "name")
        ?? StringAt(Object?["metadata"], "generateName")
        ?? "";

    /// <summary>True for CREATE and UPDATE, the only operations the webhook checks.</summary>
    public bool IsCreateOrUpdate => Operation is "CREATE" or "UPDATE";

    /// <summary>
    /// Reads the typed fields of <paramref name="request"/>; throws <see cref="AdmissionInputException"/> when a required one is missing.
    /// <paramref name="requestJson"/>, the same request as read-only JSON, lets checks compare objects without building nodes.
    /// </summary>
    public static AdmissionRequest Parse(JsonObject request, JsonElement? requestJson = null)
    {
        var uid = StringAt(request, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionInputException(400, "the AdmissionReview request has no uid: kube-apiserver always sends request.uid, so this did not come from it; send a complete admission.k8s.io/v1 AdmissionReview");
        }

        var kindNode = request["kind"] as JsonObject;
        var kind = StringAt(kindNode, "kind");
        if (string.IsNullOrEmpty(kind))
        {
            throw new AdmissionInputException(400, $"the AdmissionReview request {uid} has no kind: request.kind must name the group, version and kind of the object, e.g. {{\"group\":\"argoproj.io\",\"version\":\"v1alpha1\",\"kind\":\"Workflow\"}}");
        }

        var operation = StringAt(request, "operation");
        if (string.IsNullOrEmpty(operation))
        {
            throw new AdmissionInputException(400, $"the AdmissionReview request {uid} has no operation: request.operation must be CREATE, UPDATE, DELETE or CONNECT");
        }

        return new AdmissionRequest
        {
            Uid = uid,
            Kind = new GroupVersionKind(StringAt(kindNode, "group") ?? "", StringAt(kindNode, "version") ?? "", kind),
            Resource = StringAt(request["resource"], "resource"),
            SubResource = StringAt(request, "subResource"),
            Name = StringAt(request, "name"),
            Namespace = StringAt(request, "namespace"),
            Operation = operation,
            UserName = StringAt(request["userInfo"], "username"),
            Object = request["object"] as JsonObject,
            OldObject = request["oldObject"] as JsonObject,
            DryRun = request["dryRun"] is JsonValue dryRun && dryRun.TryGetValue<bool>(out var isDryRun) && isDryRun,
            ObjectJson = ObjectAt(requestJson, "object"),
            OldObjectJson = ObjectAt(requestJson, "oldObject"),
        };
    }

    private static JsonElement? ObjectAt(JsonElement? request, string property) =>
        request is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? StringAt(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
